using Switchyard.Providers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Switchyard.Server.Auth;
using Switchyard.Server.Http;
using Switchyard.Server.Telemetry;

namespace Switchyard.Server.Hosting;

/// <summary>Builds the server: configuration, services and routes. Tests build it the same way.</summary>
public static class SwitchyardHost
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    private static readonly Dictionary<string, string> FlagMappings = new()
    {
        ["--data-dir"] = $"{ServingOptions.Section}:{nameof(ServingOptions.DataDir)}",
        ["--scale-to-zero-idle"] = $"{ServingOptions.Section}:{nameof(ServingOptions.ScaleToZeroIdle)}",
        ["--admin-token"] = $"{ServingOptions.Section}:{nameof(ServingOptions.AdminToken)}",
        ["--database"] = $"{ServingOptions.Section}:{nameof(ServingOptions.Database)}",
        ["--otlp-endpoint"] = $"{ServingOptions.Section}:{nameof(ServingOptions.OtlpEndpoint)}",
    };

    /// <param name="args">Command-line arguments.</param>
    /// <param name="configureServices">Extra services (a host's own runtime, say), added before the defaults so they win.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        args = ListFlag.Expand(args, "--model-source-roots", $"{ServingOptions.Section}:{nameof(ServingOptions.ModelSourceRoots)}");
        // Settings ship beside the binary; relative paths such as the data folder stay relative to where the server is started.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, FlagMappings);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddOptions<ServingOptions>()
            .Bind(builder.Configuration.GetSection(ServingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ExternalModelOptions>()
            .Bind(builder.Configuration.GetSection(ExternalModelOptions.Section));
        configureServices?.Invoke(builder.Services);
        builder.Services.AddSwitchyard();
        builder.Services.AddSwitchyardTelemetry(builder.Configuration);

        var app = builder.Build();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseMiddleware<AuthenticationMiddleware>();
        app.UseWebUi();
        app.MapSwitchyard();
        return app;
    }

    /// <summary>Says where the server listens and where its data lives.</summary>
    public static void PrintBanner(WebApplication app) => PrintBanner(app, Console.Out);

    /// <summary>
    /// The banner, to <paramref name="output"/>: where the server listens, where its data lives, and
    /// on a first start the bootstrap admin token (printed this once only).
    /// </summary>
    public static void PrintBanner(WebApplication app, TextWriter output)
    {
        var options = app.Services.GetRequiredService<IOptions<ServingOptions>>().Value;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        output.WriteLine($"Switchyard listening on {string.Join(", ", addresses)}");
        output.WriteLine($"Data folder: {Path.GetFullPath(options.DataDir)} (database {(string.IsNullOrWhiteSpace(options.Database) ? Path.GetFileName(options.DatabasePath) : "PostgreSQL")}, model store {Path.GetFileName(options.ModelStoreDir)}/)");
        if (app.Services.GetRequiredService<AdminTokenNotice>().Take() is { } adminToken)
        {
            output.WriteLine(adminToken);
        }

        output.WriteLine("Press Ctrl-C to stop.");
    }
}
