using System.Text;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Gateway.Limits;

/// <summary>A custom (ONNX) model endpoint counts calls only: its answers have no tokens.</summary>
public sealed class CustomModelLimitTests(LimitsHost host) : IClassFixture<LimitsHost>
{
    [Fact]
    public async Task ACustomModelEndpoint_IsLimitedInCalls()
    {
        await host.Server.RegisterSampleModelsAsync();
        var created = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "rl-onnx", "ai_gateway": {"rate_limits": [{"calls": 2, "key": "user", "renewal_period": "minute"}]},
             "config": {"served_entities": [{"entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false}]}}
            """));
        await host.GrantQueryAsync((string)created["id"]!);
        await host.Server.WaitUntilReadyAsync("rl-onnx");
        host.NextMinute(seconds: 45);

        var first = await host.QueryAsync(host.Carol, "rl-onnx", MissionScenario.QueryBody);
        await ApiAssert.OkJsonAsync(first);
        Assert.Equal((2, 1, 15), LimitsHost.RateHeaders(first));
        await ApiAssert.OkJsonAsync(await host.QueryAsync(host.Carol, "rl-onnx", MissionScenario.QueryBody));

        var refused = await host.QueryAsync(host.Carol, "rl-onnx", MissionScenario.QueryBody);
        Assert.Equal("Exceeded the rate limit ai_gateway.rate_limits[0] of 2 calls per minute for user carol@example.com on endpoint rl-onnx; retry in 15 s.",
            await ApiAssert.ErrorAsync(refused, 429, "REQUEST_LIMIT_EXCEEDED"));

        // The pinned served-model path is counted by the same rules.
        host.NextMinute();
        var pinned = await host.As(host.Carol).PostAsync("/serving-endpoints/rl-onnx/served-models/model-A-1/invocations",
            new StringContent(MissionScenario.QueryBody, Encoding.UTF8, "application/json"));
        await ApiAssert.OkJsonAsync(pinned);
        Assert.Equal((2, 1, 60), LimitsHost.RateHeaders(pinned));
    }
}
