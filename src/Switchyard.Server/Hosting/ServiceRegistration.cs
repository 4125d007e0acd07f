using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Runtimes;
using Switchyard.Llama;
using Switchyard.Llama.Engine;
using Switchyard.Providers;
using Switchyard.Runtimes.Onnx;
using Switchyard.Server.Drivers;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Experiments;
using Switchyard.Server.Experiments.OutputDiff;
using Switchyard.Server.Experiments.Replays;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Gateway.Guardrails;
using Switchyard.Server.Gateway.Limits;
using Switchyard.Server.Gateway.Usage;
using Switchyard.Server.Invocations;
using Switchyard.Server.Invocations.Pipeline;
using Switchyard.Server.Permissions;
using Switchyard.Server.Registry;
using Switchyard.Server.Replicas;
using Switchyard.Server.Secrets;
using Switchyard.Server.Http;
using Switchyard.Server.Identity;
using Switchyard.Server.Telemetry;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Hosting;

/// <summary>The server's services and routes, grouped by area.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddSwitchyard(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Drain>();
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<ServingOptions>>().Value;
            Directory.CreateDirectory(options.DataDir);
            return SqlDatabase.Connect(options.Database, options.DatabasePath);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelRuntime, OnnxModelRuntime>());
        // GGUF foundation models run in the in-process LLM engine: the gguf flavor with its Load,
        // and the probe the optimization-info route reports the measured tokens/s of.
        services.TryAddSingleton(static sp =>
        {
            // What the server's flags leave unset keeps the engine's own defaults.
            var options = sp.GetRequiredService<IOptions<ServingOptions>>().Value;
            var engine = new LlmEngineOptions();
            return engine with
            {
                Slots = options.LlmSlots ?? engine.Slots,
                Threads = options.LlmThreads ?? engine.Threads,
                BatchSize = options.LlmBatchSize ?? engine.BatchSize,
            };
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelRuntime, LlamaModelRuntime>());
        services.TryAddSingleton<IThroughputProbe, LlamaThroughputProbe>();
        services.AddExternalModels();
        services.AddEntityDrivers();
        services.AddGuardrails();
        services.TryAddSingleton<InvocationPipelines>();
        services.AddInferenceCapture();
        services.AddRegistry();
        services.AddEndpoints();
        services.AddReplicas();
        services.AddGatewayLimits();
        services.AddUsageTracking();
        services.AddExperiments();
        services.AddExperimentReadout();
        services.AddReplays();
        services.AddEndpointPermissions();
        services.AddIdentity();
        services.AddSecrets();
        return services;
    }

    public static WebApplication MapSwitchyard(this WebApplication app)
    {
        app.MapHealth();
        // Read when asked (once per client start), so the options are validated at start-up, not while routes are mapped.
        app.MapGet(HostMetadata.Path, static (IOptions<ServingOptions> options) =>
            Results.Json(HostMetadata.For(options.Value), ServerJsonContext.Default.HostMetadata));
        app.MapRegistry();
        app.MapEndpoints();
        app.MapReplicas();
        app.MapGatewayLimits();
        app.MapUsageTracking();
        app.MapExperimentReadout();
        app.MapInferenceCapture();
        app.MapReplays();
        app.MapShadowReport();
        app.MapExternalProviders();
        app.MapEndpointPermissions();
        app.MapInvocations();
        app.MapMetrics();
        app.MapIdentity();
        app.MapSecrets();
        return app;
    }
}
