using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>The endpoint metrics route: Prometheus text, one series per served entity.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_OfAServingEndpoint_ListEachEntityInPrometheusText()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/multi-model/served-models/current/invocations", MissionScenario.QueryBody));

        var response = await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE switchyard_queue_depth gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("switchyard_model_loaded{endpoint=\"multi-model\",served_entity=\"current\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("switchyard_concurrency_slots{endpoint=\"multi-model\",served_entity=\"challenger\"} 4\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithoutViewPermission_AreRefused()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        var (_, token) = await server.CreateUserWithTokenAsync("nobody@example.com");

        var response = await server.ClientFor(token).GetAsync("/api/2.0/serving-endpoints/multi-model/metrics");

        await ApiAssert.ErrorAsync(response, 403, "PERMISSION_DENIED");
    }
}
