using System.Globalization;
using System.Text.Json;
using Switchyard.Bench.Driving;
using Switchyard.Bench.Load;
using Switchyard.Bench.Models;
using Switchyard.Bench.Reporting;

namespace Switchyard.Bench.Gateway;

/// <summary>
/// What the AI Gateway costs on the hot path of the tiny custom model (issue 14's benchmark):
/// one Switchyard server serving the same registered version on two endpoints, one plain and
/// one with the gateway's per-request work switched on (by default usage tracking, the inference
/// table and two call limits no run can reach), driven alike. (a) open loop at a fixed rate,
/// latency from each request's intended send time: the p50 and p99 the gateway adds. (b) wrk
/// closed loop: req/s gateway ÷ plain and the server's CPU per request on each. Layout, separate
/// processes sharing every core, nothing pinned: Switchyard, the open-loop generator, wrk and
/// this orchestrator (idle while a side runs). Rounds interleave the sides and swap which
/// endpoint goes first every round, so drift and the order itself hit both alike.
/// </summary>
public static class GatewayRun
{
    public const string PlainEndpoint = "tiny-plain";
    public const string GatewayEndpoint = "tiny-gateway";

    /// <summary>Both endpoints name their entity alike, so both answers carry the same header bytes.</summary>
    private const string ServedName = "tiny";

    private const string AdminToken = BenchCredentials.AdminToken;

    public static Task<int> RunAsync(string[] args)
    {
        var options = GatewayOptions.Parse(args);
        return BenchSession.RunAsync("switchyard-bench-gw-", options.OutFile, scratch => MeasureAsync(options, scratch));
    }

    private static async Task<string> MeasureAsync(GatewayOptions options, string scratch)
    {
        using var switchyard = await TinySwitchyard.StartAsync(scratch);
        var (control, url, bodyFile, version) = (switchyard.Control, switchyard.Url, switchyard.BodyFile, switchyard.Version);
        await control.ServeAsync(PlainEndpoint, BenchModels.TinyModel, version, ServedName);
        await control.ServeAsync(GatewayEndpoint, BenchModels.TinyModel, version, ServedName);

        // A gateway field the server refuses throws here, with the server's message.
        var stored = (await control.UpdateAiGatewayAsync(GatewayEndpoint, options.Gateway)).ToJsonString();
        var plainAnswer = await switchyard.SameAnswerAsync(PlainEndpoint, GatewayEndpoint);

        BenchSession.Log($"Switchyard (pid {switchyard.Process.Id}) serves {PlainEndpoint} and {GatewayEndpoint} (ai_gateway {stored}); both answer {plainAnswer}");

        using var generator = await OpenLoopWorker.StartAsync(AdminToken);
        var wrk = new WrkRunner(options.WrkThreads, options.Connections, AdminToken, scratch);
        var meter = new SideMeter(switchyard.Process, generator, options.Settle);

        // What the gateway was sent (the set-up's call, warm-ups and reruns included), to hold its usage log against.
        var sentToGateway = 1L;
        Side OpenLoop(string endpoint) => (d, warm) => meter.MeasureAsync(async () =>
        {
            var result = await generator.RunAsync(Invocations(url, endpoint), bodyFile, d, options.Rate, warm);
            sentToGateway += endpoint == GatewayEndpoint ? result.Sent + (warm ? OpenLoopWorker.WarmConnections : 0) : 0;
            return (new LoadResult(result.RequestsPerSecond, result.P50, result.P99, result.Errors), result.Sent - result.Errors);
        });
        Side ClosedLoop(string endpoint) => (d, _) => meter.MeasureAsync(async () =>
        {
            var load = await wrk.RunAsync(Invocations(url, endpoint), BenchModels.TinyBody, d);
            var sent = (long)(load.RequestsPerSecond * d.TotalSeconds);
            sentToGateway += endpoint == GatewayEndpoint ? sent : 0;
            return (load, sent - load.Errors);
        });
        var sides = new SidePair[]
        {
            new(OpenLoop(PlainEndpoint), OpenLoop(GatewayEndpoint)),
            new(ClosedLoop(PlainEndpoint), ClosedLoop(GatewayEndpoint)),
        };

        BenchSession.Log($"warm-up {options.WarmUp.TotalSeconds:F0} s per side");
        foreach (var pair in sides)
        {
            await pair.Plain(options.WarmUp, true);
            await pair.Gateway(options.WarmUp, true);
        }

        var latency = new Comparison(string.Create(CultureInfo.InvariantCulture, $"open loop at {options.Rate:F0} req/s"), GatewayEndpoint, PlainEndpoint);
        var throughput = new Comparison(string.Create(CultureInfo.InvariantCulture, $"wrk -t{options.WrkThreads} -c{options.Connections} closed loop"), GatewayEndpoint, PlainEndpoint);
        var schedule = new QuietRounds(options.Rounds, options.MaxReruns, options.Patience);
        var rounds = await schedule.RunAsync(async round =>
        {
            // Odd rounds run the plain endpoint first, even rounds the gateway: whatever the order itself does, both get it.
            var measured = new List<(SideRound Gateway, SideRound Plain)>();
            foreach (var pair in sides)
            {
                SideRound gateway, plain;
                if (round % 2 == 1)
                {
                    plain = await pair.Plain(options.Round, false);
                    gateway = await pair.Gateway(options.Round, false);
                }
                else
                {
                    gateway = await pair.Gateway(options.Round, false);
                    plain = await pair.Plain(options.Round, false);
                }

                measured.Add((gateway, plain));
            }

            BenchSession.Log(string.Create(CultureInfo.InvariantCulture, $"round {round}: open loop p50 {measured[0].Gateway.Load.P50Micros:F0} vs {measured[0].Plain.Load.P50Micros:F0} µs; wrk {measured[1].Gateway.Load.RequestsPerSecond:F0} vs {measured[1].Plain.Load.RequestsPerSecond:F0} req/s, {measured[1].Gateway.ServerCpuMicrosPerRequest:F1} vs {measured[1].Plain.ServerCpuMicrosPerRequest:F1} CPU µs/req (gateway vs plain)"));
            await CheckNotRefusedAsync(control, measured);
            return measured;
        }, static measured => measured.Max(static m => Math.Max(m.Gateway.ForeignCores, m.Plain.ForeignCores)));

        foreach (var measured in rounds)
        {
            latency.Add(measured[0].Gateway, measured[0].Plain);
            throughput.Add(measured[1].Gateway, measured[1].Plain);
        }

        // The writers flush within a second; the last side's settle window has passed already.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (gatewayWork, plainWork) = (await GatewayWork.ReadAsync(control, GatewayEndpoint), await GatewayWork.ReadAsync(control, PlainEndpoint));

        var setup = string.Create(CultureInfo.InvariantCulture, $"""
            Machine: {MachineInfo.Describe()}; {schedule.Describe()}
            Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Rounds: {options.Rounds} × {options.Round.TotalSeconds:F0} s per side, interleaved (the endpoint that goes first swaps every round), after {options.WarmUp.TotalSeconds:F0} s warm-up per side; each side's server CPU is read until {options.Settle.TotalSeconds:F0} s after its load stops, so work the gateway defers (flushing captured rows) is charged to it.
            Endpoints: {PlainEndpoint} and {GatewayEndpoint} serve the same registered version of the tiny model-A (workload_size Small, no scale to zero), request `dataframe_split` 1 row; {GatewayEndpoint}'s ai_gateway ({options.GatewaySource}), as stored: `{stored}`.
            The gateway's background work over the whole run (warm-ups and reruns included), {GatewayEndpoint}: {gatewayWork}, for the ≈ {sentToGateway} requests the bench sent it (rows dropped under back-pressure would make its side cheaper); {PlainEndpoint}: {plainWork}.
            Layout: unpinned; Switchyard, the open-loop generator, wrk and the orchestrator are separate processes sharing all cores.
            """);
        return GatewayReport.Render(setup, latency, throughput, BenchSession.ForeignLimit, Idle(options, gatewayWork));
    }

    /// <summary>One side of a pair: runs a load for the given time (a warm-up first opens connections) and answers what it measured.</summary>
    private delegate Task<SideRound> Side(TimeSpan duration, bool warm);

    private sealed record SidePair(Side Plain, Side Gateway);

    private static Uri Invocations(Uri server, string endpoint) => new(server, $"/serving-endpoints/{endpoint}/invocations");

    /// <summary>Why the gateway cannot have done the work its config asks for, if it did not: a part switched on that wrote nothing.</summary>
    private static string? Idle(GatewayOptions options, GatewayWork work)
    {
        bool On(string block) => options.Gateway[block]?["enabled"]?.GetValueKind() == JsonValueKind.True;
        return (On("usage_tracking_config") && work.UsageWritten == 0, On("inference_table_config") && work.RowsWritten == 0) switch
        {
            (true, _) => $"usage tracking is on, yet {GatewayEndpoint} wrote no usage row: the gateway did not do its work",
            (_, true) => $"the inference table is on, yet {GatewayEndpoint} wrote no row to it: the gateway did not do its work",
            _ => null,
        };
    }

    /// <summary>
    /// Failed requests on the gateway's side are what this bench must never hide: if the gateway
    /// now refuses a request, the run stops with its answer (which names the limit that tripped).
    /// Otherwise they are counted in the report like any other failure.
    /// </summary>
    private static async Task CheckNotRefusedAsync(ControlPlane control, List<(SideRound Gateway, SideRound Plain)> measured)
    {
        var failed = measured.Sum(static m => m.Gateway.Load.Errors);
        if (failed == 0)
        {
            return;
        }

        BenchSession.Log($"{GatewayEndpoint}: {failed} non-2xx answers or socket errors in this round; checking whether the gateway refuses");
        try
        {
            await control.InvokeAsync(GatewayEndpoint, BenchModels.TinyBody);
        }
        catch (InvalidOperationException refused)
        {
            throw new InvalidOperationException($"the gateway refuses requests, so the figures would not measure its hot path: {refused.Message}", refused);
        }
    }
}
