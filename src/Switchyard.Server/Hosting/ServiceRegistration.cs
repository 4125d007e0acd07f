using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchyard.Core.Runtimes;
using Switchyard.Providers;
using Switchyard.Runtimes.Onnx;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Invocations;
using Switchyard.Server.Permissions;
using Switchyard.Server.Registry;
using Switchyard.Server.Secrets;
using Switchyard.Server.Http;
using Switchyard.Server.Identity;
using Switchyard.Storage.Sqlite;

namespace Switchyard.Server.Hosting;

/// <summary>The server's services and routes, grouped by area.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddSwitchyard(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<ServingOptions>>().Value;
            Directory.CreateDirectory(options.DataDir);
            return new SqliteDatabase(options.DatabasePath);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelRuntime, OnnxModelRuntime>());
        services.AddExternalModels();
        services.AddRegistry();
        services.AddEndpoints();
        services.AddEndpointPermissions();
        services.AddIdentity();
        services.AddSecrets();
        return services;
    }

    public static WebApplication MapSwitchyard(this WebApplication app)
    {
        app.MapGet("/health", static () => Results.Json(new HealthAnswer("ok"), ServerJsonContext.Default.HealthAnswer));
        // SDK clients probe this while building their config; a quick 404 lets them go on.
        app.MapGet("/.well-known/databricks-config", static (HttpContext context) =>
            ApiError.WriteAsync(context, Core.Errors.ErrorCode.NotFound, "This host publishes no workspace metadata."));
        app.MapRegistry();
        app.MapEndpoints();
        app.MapEndpointPermissions();
        app.MapInvocations();
        app.MapIdentity();
        app.MapSecrets();
        return app;
    }
}
