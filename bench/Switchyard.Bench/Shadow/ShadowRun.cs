using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Bench.Driving;
using Switchyard.Bench.Gateway;
using Switchyard.Bench.Load;
using Switchyard.Bench.Models;
using Switchyard.Bench.Reporting;

namespace Switchyard.Bench.Shadow;

/// <summary>
/// What a shadow costs the primary (issue 16's benchmark): one Switchyard serving the same
/// registered version of the tiny model on two endpoints, <c>tiny-plain</c> (the primary alone)
/// and <c>tiny-shadowed</c> (the same primary plus a shadow of the same version at
/// <c>--sample</c> percent, default 100), driven alike by the open-loop generator at a fixed rate:
/// the primary's p50 and p99 from each request's intended send time, side by side in interleaved
/// rounds (the endpoint that goes first swaps every round). The shadow's copies are counted from
/// the traffic route, so a run whose shadow answered nothing is not judged.
/// </summary>
public static class ShadowRun
{
    public const string PlainEndpoint = "tiny-plain";
    public const string ShadowedEndpoint = "tiny-shadowed";

    /// <summary>Both endpoints name their primary alike, so both answers carry the same header bytes.</summary>
    private const string PrimaryName = "tiny";
    private const string ShadowName = "tiny-shadow";

    private const string AdminToken = BenchCredentials.AdminToken;

    public static Task<int> RunAsync(string[] args)
    {
        var options = ShadowOptions.Parse(args);
        return BenchSession.RunAsync("switchyard-bench-shadow-", options.OutFile, scratch => MeasureAsync(options, scratch));
    }

    private static async Task<string> MeasureAsync(ShadowOptions options, string scratch)
    {
        using var switchyard = await TinySwitchyard.StartAsync(scratch);
        var (control, url, bodyFile, version) = (switchyard.Control, switchyard.Url, switchyard.BodyFile, switchyard.Version);
        await control.ServeAsync(PlainEndpoint, BenchModels.TinyModel, version, PrimaryName);
        await control.CreateEndpointAsync(ShadowedEndpoint, new JsonObject
        {
            ["served_entities"] = new JsonArray(Entity(PrimaryName, version), Entity(ShadowName, version, options.SamplePercentage)),
        });

        var plainAnswer = await switchyard.SameAnswerAsync(PlainEndpoint, ShadowedEndpoint);

        BenchSession.Log($"Switchyard (pid {switchyard.Process.Id}) serves {PlainEndpoint} and {ShadowedEndpoint} (shadow {ShadowName} at {options.SamplePercentage}%); both answer {plainAnswer}");

        using var generator = await OpenLoopWorker.StartAsync(AdminToken);
        var meter = new SideMeter(switchyard.Process, generator, options.Settle);
        // What the shadowed endpoint's primary was sent (the set-up's call and warm-ups included), to hold the shadow's copies against.
        var sentToShadowed = 1L;
        Func<TimeSpan, bool, Task<SideRound>> OpenLoop(string endpoint) => (d, warm) => meter.MeasureAsync(async () =>
        {
            var result = await generator.RunAsync(new Uri(url, $"/serving-endpoints/{endpoint}/invocations"), bodyFile, d, options.Rate, warm);
            sentToShadowed += endpoint == ShadowedEndpoint ? result.Sent + (warm ? OpenLoopWorker.WarmConnections : 0) : 0;
            return (new LoadResult(result.RequestsPerSecond, result.P50, result.P99, result.Errors), result.Sent - result.Errors);
        });
        var (plain, shadowed) = (OpenLoop(PlainEndpoint), OpenLoop(ShadowedEndpoint));

        BenchSession.Log($"warm-up {options.WarmUp.TotalSeconds:F0} s per side");
        await plain(options.WarmUp, true);
        await shadowed(options.WarmUp, true);

        var latency = new Comparison(string.Create(CultureInfo.InvariantCulture, $"open loop at {options.Rate:F0} req/s"), ShadowedEndpoint, PlainEndpoint);
        var schedule = new QuietRounds(options.Rounds, options.MaxReruns, options.Patience);
        var rounds = await schedule.RunAsync(async round =>
        {
            // Odd rounds run the plain endpoint first, even rounds the shadowed one.
            SideRound a, b;
            if (round % 2 == 1)
            {
                b = await plain(options.Round, false);
                a = await shadowed(options.Round, false);
            }
            else
            {
                a = await shadowed(options.Round, false);
                b = await plain(options.Round, false);
            }

            BenchSession.Log(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: p50 {a.Load.P50Micros:F0} vs {b.Load.P50Micros:F0} µs, p99 {a.Load.P99Micros:F0} vs {b.Load.P99Micros:F0} µs (shadowed vs plain)"));
            return (A: a, B: b);
        }, static measured => Math.Max(measured.A.ForeignCores, measured.B.ForeignCores));

        foreach (var (a, b) in rounds)
        {
            latency.Add(a, b);
        }

        var copies = await ShadowRequestsAsync(control);
        var setup = string.Create(CultureInfo.InvariantCulture, $"""
            Machine: {MachineInfo.Describe()}; {schedule.Describe()}
            Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Rounds: {options.Rounds} × {options.Round.TotalSeconds:F0} s per side, interleaved (the endpoint that goes first swaps every round), after {options.WarmUp.TotalSeconds:F0} s warm-up per side; each side's server CPU is read until {options.Settle.TotalSeconds:F0} s after its load stops, so the shadow's calls are charged to the side that caused them.
            Endpoints: {PlainEndpoint} serves the tiny model-A alone; {ShadowedEndpoint} serves the same registered version as its primary and again as a shadow ("role": "shadow", "shadow_sample_percentage": {options.SamplePercentage}); workload_size Small, no scale to zero, request `dataframe_split` 1 row.
            The shadow answered {copies} copies over the whole run (traffic route, last hour) of the ≈ {sentToShadowed} queries the bench sent {ShadowedEndpoint}, i.e. {(sentToShadowed > 0 ? 100.0 * copies / sentToShadowed : 0):F1} % (sampled at {options.SamplePercentage} %; the rest were dropped, the shadow being saturated, or were still being answered).
            Layout: unpinned; Switchyard, the open-loop generator and the orchestrator are separate processes sharing all cores.
            """);
        return ShadowReport.Render(setup, latency, BenchSession.ForeignLimit, copies == 0 ? "the shadow answered no copy: it cost nothing because it did nothing" : null);
    }

    private static JsonObject Entity(string name, string version, double? shadowPercentage = null)
    {
        var entity = new JsonObject
        {
            ["name"] = name,
            ["entity_name"] = $"catalog.schema.{BenchModels.TinyModel}",
            ["entity_version"] = version,
            ["workload_size"] = "Small",
            ["scale_to_zero_enabled"] = false,
        };
        if (shadowPercentage is { } percentage)
        {
            entity["role"] = "shadow";
            entity["shadow_sample_percentage"] = percentage;
        }

        return entity;
    }

    /// <summary>The shadow's answered copies over the last hour, from <c>GET …/traffic</c>.</summary>
    private static async Task<long> ShadowRequestsAsync(ControlPlane control)
    {
        var traffic = JsonNode.Parse(await control.GetTextAsync($"/api/2.0/serving-endpoints/{ShadowedEndpoint}/traffic"))!;
        var shadow = traffic["served_entities"]!.AsArray().Single(e => (string?)e!["name"] == ShadowName)!;
        return shadow["points"]!.AsArray().Sum(p => (long)p!["requests"]!);
    }
}
