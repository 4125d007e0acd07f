using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Experiments;
using Switchyard.Server.Experiments;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>
/// What the shadow tests share: an endpoint of the mission's two sample models where
/// <c>current</c> (model A) is the primary and <c>challenger</c> (model B) a shadow, queries that
/// keep their answers' request ids, and waits on the shadow's counts and pairs (the copies are
/// sent in the background, so a test waits for them, bounded, rather than for a time).
/// </summary>
internal static class ShadowHost
{
    public const string Endpoint = "shadowed";

    /// <summary>The served entities: the primary and the shadow with <paramref name="shadowFields"/> (its role and percentage).</summary>
    public static string Entities(string shadowFields, string shadowModel = "catalog.schema.model-B") => $$$"""
        [{"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false},
         {"name": "challenger", "entity_name": "{{{shadowModel}}}", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false{{{shadowFields}}}}]
        """;

    public static string CreateBody(string shadowFields, string shadowModel = "catalog.schema.model-B", string gateway = "") => $$$"""
        {"name": "{{{Endpoint}}}", {{{gateway}}} "config": {"served_entities": {{{Entities(shadowFields, shadowModel)}}}}}
        """;

    public static async Task CreateAsync(ServerUnderTest server, string shadowFields, string shadowModel = "catalog.schema.model-B", string gateway = "")
    {
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", CreateBody(shadowFields, shadowModel, gateway)));
        await server.WaitUntilReadyAsync(Endpoint);
    }

    /// <summary>Queries the endpoint and checks the caller heard the primary only: its name, its prediction. Answers the request id.</summary>
    public static async Task<string> QueryPrimaryAsync(ServerUnderTest server)
    {
        using var response = await server.PostJsonAsync($"/serving-endpoints/{Endpoint}/invocations", MissionScenario.QueryBody);
        var answer = await ApiAssert.OkJsonAsync(response);
        Assert.Equal("current", response.Headers.GetValues("served-model-name").Single());
        Assert.Equal(MissionScenario.Expected("current"), MissionScenario.PredictionOf(answer), 4);
        return response.Headers.GetValues("x-request-id").Single();
    }

    public static ShadowCount Counts(ServerUnderTest server) =>
        server.Services.GetRequiredService<ShadowCounters>().Of(Endpoint, "challenger");

    /// <summary>Waits until the dispatcher has decided (sent or dropped) on every copy the shadow sampled, and answers the counts.</summary>
    public static async Task<ShadowCount> WaitForDecidedAsync(ServerUnderTest server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var counts = Counts(server);
            if (counts.Sent + counts.Dropped == counts.Sampled)
            {
                return counts;
            }

            Assert.True(DateTime.UtcNow < deadline, $"only {counts.Sent} sent and {counts.Dropped} dropped of {counts.Sampled} sampled");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until <paramref name="count"/> pairs of the shadow are stored, and answers them.</summary>
    public static async Task<IReadOnlyList<OutputPair>> WaitForPairsAsync(ServerUnderTest server, int count)
    {
        var store = server.Services.GetRequiredService<IOutputPairStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var pairs = await ReadPairsAsync(store);
            if (pairs.Count >= count)
            {
                return pairs;
            }

            Assert.True(DateTime.UtcNow < deadline, $"only {pairs.Count} of {count} pairs were stored");
            await Task.Delay(20);
        }
    }

    public static Task<IReadOnlyList<OutputPair>> ReadPairsAsync(IOutputPairStore store) =>
        store.ReadAsync(Endpoint, "shadow:challenger", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 100_000, CancellationToken.None);

    public static async Task<JsonObject> ShadowOfGetAsync(ServerUnderTest server)
    {
        var endpoint = await server.GetOkJsonAsync($"/api/2.0/serving-endpoints/{Endpoint}");
        return endpoint["config"]!["served_entities"]!.AsArray().Single(e => (string?)e!["name"] == "challenger")!.AsObject();
    }
}
