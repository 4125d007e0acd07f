using Switchyard.Providers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Memory;
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
        ["--replica-name"] = $"{ServingOptions.Section}:{nameof(ServingOptions.ReplicaName)}",
        ["--redis"] = $"{ServingOptions.Section}:{nameof(ServingOptions.Redis)}",
        ["--drain-timeout"] = $"{ServingOptions.Section}:{nameof(ServingOptions.DrainTimeout)}",
        ["--log-format"] = $"{ServingOptions.Section}:{nameof(ServingOptions.LogFormat)}",
        ["--otlp-endpoint"] = $"{ServingOptions.Section}:{nameof(ServingOptions.OtlpEndpoint)}",
        ["--llm-slots"] = $"{ServingOptions.Section}:{nameof(ServingOptions.LlmSlots)}",
        ["--llm-threads"] = $"{ServingOptions.Section}:{nameof(ServingOptions.LlmThreads)}",
        ["--llm-batch-size"] = $"{ServingOptions.Section}:{nameof(ServingOptions.LlmBatchSize)}",
    };

    private const string HostingDiagnosticsLevel = "Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Every flag the server reads (<c>--urls</c> is ASP.NET Core's own): the deployment manifests are checked against these.</summary>
    public static IReadOnlyList<string> Flags => ["--urls", "--model-source-roots", .. FlagMappings.Keys];

    /// <param name="args">Command-line arguments.</param>
    /// <param name="configureServices">Extra services (a host's own runtime, say), added before the defaults so they win.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        args = ListFlag.Expand(args, "--model-source-roots", $"{ServingOptions.Section}:{nameof(ServingOptions.ModelSourceRoots)}");
        // Settings ship beside the binary; relative paths such as the data folder stay relative to where the server is started.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // ASP.NET Core's hosting diagnostics start an Activity and a log scope for every request whenever
        // their logger is on at any level: on the tiny model's path that was 830 of 2,140 bytes and about a
        // sixth of the CPU per query, for per-request "Request starting/finished" lines (Information, not
        // shown by default). Off unless configured: a level set for that category anywhere else wins, and
        // traces (--otlp-endpoint) still get each request's activity from the tracer.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = [new(HostingDiagnosticsLevel, "None")] });
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
        var section = builder.Configuration.GetSection(ServingOptions.Section);
        // The host waits this long for requests in flight when it stops (SIGTERM): the drain.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = section.GetValue<TimeSpan?>(nameof(ServingOptions.DrainTimeout)) ?? ServingOptions.DefaultDrainTimeout);
        if (string.Equals(section[nameof(ServingOptions.LogFormat)], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }
        builder.Services.AddSwitchyardTelemetry(builder.Configuration);

        var app = builder.Build();
        app.Use(Drain.Refuse(app.Services.GetRequiredService<Drain>()));
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseMiddleware<AuthenticationMiddleware>();
        app.UseWebUi();
        app.MapSwitchyard();
        return app;
    }

    /// <summary>Says where the server listens and where its data lives.</summary>
    public static void PrintBanner(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ServingOptions>>().Value.LogFormat == "json")
        {
            LogBanner(app);
            return;
        }

        PrintBanner(app, Console.Out);
    }

    /// <summary>The banner as log lines (JSON log mode): the same facts, and never a token's value.</summary>
    private static void LogBanner(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Switchyard");
        var (listening, data) = BannerFacts(app);
#pragma warning disable CA1848, CA2254 // Four lines once at start-up; they are the banner's own text.
        logger.LogInformation(listening);
        logger.LogInformation(data);
        if (app.Services.GetRequiredService<AdminTokenNotice>().TakeWithoutToken() is { } notice)
        {
            logger.LogInformation(notice);
        }
#pragma warning restore CA1848, CA2254
    }

    private static (string Listening, string Data) BannerFacts(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ServingOptions>>().Value;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return ($"Switchyard listening on {string.Join(", ", addresses)}",
            $"Data folder: {Path.GetFullPath(options.DataDir)} (database {(options.SharesDatabase ? "PostgreSQL" : Path.GetFileName(options.DatabasePath))}, model store {Path.GetFileName(options.ModelStoreDir)}/)");
    }

    /// <summary>
    /// The banner, to <paramref name="output"/>: where the server listens, where its data lives, and
    /// on a first start the bootstrap admin token (printed this once only).
    /// </summary>
    public static void PrintBanner(WebApplication app, TextWriter output)
    {
        var (listening, data) = BannerFacts(app);
        output.WriteLine(listening);
        output.WriteLine(data);
        if (app.Services.GetRequiredService<AdminTokenNotice>().Take() is { } adminToken)
        {
            output.WriteLine(adminToken);
        }

        output.WriteLine("Press Ctrl-C to stop.");
    }
}
