using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Switchyard.Core.Telemetry;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the server. Metrics (the data plane's, ASP.NET Core's and HttpClient's) are
/// always collected, for the Prometheus text at <c>GET /metrics</c>. With an OTLP endpoint
/// (<c>--otlp-endpoint</c>, else the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) traces and
/// metrics are also exported over OTLP; without one there is no tracer at all, so the data plane's
/// spans cost nothing. Incoming W3C <c>traceparent</c> headers are honoured by ASP.NET Core's
/// default propagator, so a client's trace carries on through the server.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The standard variable the OTLP exporter reads its endpoint from (and the flag's setting is handed on as).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string MetricsPath = "/metrics";

    private const string ServiceName = "switchyard";

    /// <summary>
    /// The OTLP endpoint in force: the flag's, else the standard variable's. The flag is copied into
    /// the standard key, so the exporter reads it exactly as it reads the variable (the protocol from
    /// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, the per-signal paths of http/protobuf).
    /// </summary>
    public static string? OtlpEndpoint(ConfigurationManager configuration)
    {
        var flag = configuration[$"{ServingOptions.Section}:{nameof(ServingOptions.OtlpEndpoint)}"];
        if (!string.IsNullOrWhiteSpace(flag))
        {
            configuration.AddInMemoryCollection([new(OtlpEndpointVariable, flag)]);
            return flag;
        }

        var variable = configuration[OtlpEndpointVariable];
        return string.IsNullOrWhiteSpace(variable) ? null : variable;
    }

    /// <summary>The meter the .NET runtime publishes its own figures on.</summary>
    public const string RuntimeMeter = "System.Runtime";

    public static IServiceCollection AddSwitchyardTelemetry(this IServiceCollection services, ConfigurationManager configuration)
    {
        var otlp = OtlpEndpoint(configuration) is not null;
        services.AddHostedService<ServingGauges>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? ServiceName))
            .WithMetrics(metrics =>
            {
                // System.Runtime: the runtime's own gauges and counters (GC, allocated bytes, thread
                // pool, CPU time), read when scraped, nothing on the request path.
                metrics.AddMeter(SwitchyardTelemetry.Name, RuntimeMeter)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(SwitchyardTelemetry.Name)
                // Probes and scrapes come every few seconds and say nothing of a query.
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = static context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }

        return services;
    }

    /// <summary>The Prometheus text at <c>GET /metrics</c>, open like the health probes (it holds counts and names, no payload or secret).</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapPrometheusScrapingEndpoint(MetricsPath);
        return routes;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
