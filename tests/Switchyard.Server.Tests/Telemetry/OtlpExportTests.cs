using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchyard.Server.Hosting;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Registry;

namespace Switchyard.Server.Tests.Telemetry;

/// <summary>
/// <c>--otlp-endpoint</c> is not accepted and ignored: with it the server exports its traces and
/// metrics to an OTLP collector (here a loopback stand-in taking http/protobuf); a value that is
/// no http(s) URL stops the start, naming the setting.
/// </summary>
[Collection(ProcessWideListeners.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task WithAnOtlpEndpoint_TracesAndMetricsArePostedToTheCollector()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var server = await ServerUnderTest.StartAsync("--otlp-endpoint", collector.Url, "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf");
        try
        {
            await server.RegisterSampleModelsAsync();
            await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", """
                {"name": "exported", "config": {"served_entities": [{"entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false}]}}
                """));
            await server.WaitUntilReadyAsync("exported");
            await ApiAssert.OkJsonAsync(await server.Client.PostAsync("/serving-endpoints/exported/invocations",
                new StringContent(MissionScenario.QueryBody, Encoding.UTF8, "application/json")));
        }
        finally
        {
            // Stopping flushes what is batched: the spans and a last collection of the metrics.
            await server.DisposeAsync();
        }

        Assert.Contains("/v1/traces", collector.Paths);
        Assert.Contains("/v1/metrics", collector.Paths);
        // The spans' names travel in the protobuf as plain UTF-8.
        Assert.Contains(collector.Bodies, body => body.AsSpan().IndexOf("InvokeDriver"u8) >= 0);
    }

    [Fact]
    public async Task AnOtlpEndpointThatIsNoHttpUrl_StopsTheStart()
    {
        using var data = new TempFolder();
        await using var app = SwitchyardHost.Build(["--urls", "http://127.0.0.1:0", "--data-dir", data.Path, "--otlp-endpoint", "collector:4317"]);
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("The OTLP endpoint must be an absolute http or https URL; 'collector:4317' is not.", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>An OTLP/HTTP collector on loopback that keeps the path and body of every export it is sent.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _exports = new();

        private OtlpCollector(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public IReadOnlyList<string> Paths => [.. _exports.Select(export => export.Path)];

        public IReadOnlyList<byte[]> Bodies => [.. _exports.Select(export => export.Body)];

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var collector = new OtlpCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._exports.Enqueue((context.Request.Path.Value!, body.ToArray()));
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            collector.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
