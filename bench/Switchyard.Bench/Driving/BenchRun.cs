using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Switchyard.Bench.Models;
using Switchyard.Bench.Reporting;
using Switchyard.Bench.Serving;
using System.Text.Json.Nodes;

namespace Switchyard.Bench.Driving;

/// <summary>
/// The whole comparison. Layout: this process only orchestrates (idle while measuring); the
/// Switchyard server, the Kestrel floor and the raw ORT loop are child processes; wrk is a
/// process of its own. Nothing is pinned: all share the machine's cores, as in production.
/// Rounds interleave all four sides (Switchyard tiny, floor, Switchyard MLP, raw ORT) so that
/// drift of the machine hits both sides of each ratio alike.
/// </summary>
public static class BenchRun
{
    private const string TinyEndpoint = "tiny";
    private const string MlpEndpoint = "mlp";
    private const string BatchedEndpoint = "mlp-batched";
    private const int MaxRetries = 3;

    // The floor ignores the token but wrk sends it there too, so both sides carry the same request bytes.
    private const string AdminToken = BenchCredentials.AdminToken;


    public static Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        return BenchSession.RunAsync("switchyard-bench-", options.OutFile, scratch => MeasureAsync(options, scratch));
    }

    private static async Task<string> MeasureAsync(BenchOptions options, string scratch)
    {
        var tinyDir = Path.Combine(scratch, "samples", BenchModels.TinyModel);
        var mlpDir = Path.Combine(scratch, "samples", BenchModels.MlpModel);
        BenchModels.WriteTiny(tinyDir);
        BenchModels.WriteMlp(mlpDir, options.Mlp);
        var mlpBody = BenchModels.MlpBody(options.Mlp.Inputs);

        var switchyardUrl = FreePort.Next();
        using var switchyard = ChildProcess.StartRole("serve-switchyard",
            ["--urls", switchyardUrl.ToString(), "--data-dir", Path.Combine(scratch, "data"), "--admin-token", AdminToken, "--Logging:LogLevel:Default=Warning"]);
        switchyard.DrainOutput();
        using var http = new HttpClient { BaseAddress = switchyardUrl, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        var control = new ControlPlane(http);
        await control.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        await control.DeployAsync(TinyEndpoint, BenchModels.TinyModel, tinyDir);
        await control.DeployAsync(MlpEndpoint, BenchModels.MlpModel, mlpDir);
        var batching = new JsonObject { ["max_batch_size"] = options.BatchRows, ["max_delay_us"] = options.BatchDelayMicros };
        await control.ServeAsync(BatchedEndpoint, BenchModels.MlpModel, "1", batching: batching);
        BenchSession.Log($"Switchyard (pid {switchyard.Id}) serves {TinyEndpoint}, {MlpEndpoint} ({options.Mlp}) and {BatchedEndpoint} (dynamic_batching {batching.ToJsonString()})");

        // The floor answers exactly what Switchyard answered for the same request.
        var tinyAnswer = await control.InvokeAsync(TinyEndpoint, BenchModels.TinyBody);
        await control.InvokeAsync(MlpEndpoint, mlpBody);
        var batchedAnswer = await control.InvokeAsync(BatchedEndpoint, mlpBody);
        var unbatchedAnswer = await control.InvokeAsync(MlpEndpoint, mlpBody);
        if (!batchedAnswer.SequenceEqual(unbatchedAnswer))
        {
            throw new InvalidOperationException("The batched endpoint answered differently from the unbatched one.");
        }
        var answerFile = Path.Combine(scratch, "tiny-answer.json");
        await File.WriteAllBytesAsync(answerFile, tinyAnswer);
        var floorUrl = FreePort.Next();
        using var floor = ChildProcess.StartRole("serve-floor",
            ["--urls", floorUrl.ToString(), "--body-file", answerFile, "--served-name", TinyEndpoint, "--Logging:LogLevel:Default=Warning"]);
        floor.DrainOutput();
        await WaitListeningAsync(floorUrl);
        BenchSession.Log($"floor (pid {floor.Id}) answers {tinyAnswer.Length} bytes: {Encoding.UTF8.GetString(tinyAnswer)}");

        using var raw = ChildProcess.StartRole("raw-ort",
            ["--model", mlpDir, "--threads", options.RawThreads.ToString(CultureInfo.InvariantCulture)], redirectInput: true);
        await raw.ReadLineStartingWithAsync("READY", TimeSpan.FromSeconds(120));
        BenchSession.Log($"raw ORT worker (pid {raw.Id}) ready");

        var wrk = new WrkRunner(options.WrkThreads, options.Connections, AdminToken, scratch);
        var tinyUrl = new Uri(switchyardUrl, $"/serving-endpoints/{TinyEndpoint}/invocations");
        var floorRoute = new Uri(floorUrl, $"/serving-endpoints/{TinyEndpoint}/invocations");
        var mlpUrl = new Uri(switchyardUrl, $"/serving-endpoints/{MlpEndpoint}/invocations");
        var batchedUrl = new Uri(switchyardUrl, $"/serving-endpoints/{BatchedEndpoint}/invocations");

        Task<SideRound> SwitchyardTiny(TimeSpan d) => MeasureAsync(switchyard, () => wrk.RunAsync(tinyUrl, BenchModels.TinyBody, d), http, switchyardUrl);
        Task<SideRound> Floor(TimeSpan d) => MeasureAsync(floor, () => wrk.RunAsync(floorRoute, BenchModels.TinyBody, d), http, floorUrl);
        Task<SideRound> SwitchyardMlp(TimeSpan d) => MeasureAsync(switchyard, () => wrk.RunAsync(mlpUrl, mlpBody, d), http, switchyardUrl);
        Task<SideRound> SwitchyardBatched(TimeSpan d) => MeasureAsync(switchyard, () => wrk.RunAsync(batchedUrl, mlpBody, d), http, switchyardUrl);
        Task<SideRound> Raw(TimeSpan d) => MeasureAsync(raw, () => RawRoundAsync(raw, d));

        // Warm-up: JIT tiers, connection set-up, ORT's first runs, on every side.
        BenchSession.Log($"warm-up {options.WarmUp.TotalSeconds:F0} s per side");
        await SwitchyardTiny(options.WarmUp);
        await Floor(options.WarmUp);
        await SwitchyardMlp(options.WarmUp);
        await SwitchyardBatched(options.WarmUp);
        await Raw(options.WarmUp);

        var tiny = new Comparison("(a) tiny model-A, dataframe_split 1 row", "Switchyard endpoint", "bare Kestrel floor");
        var mlp = new Comparison($"(b) MLP {options.Mlp}, inputs 1 row", "Switchyard endpoint", $"raw ORT loop, {options.RawThreads} threads");
        var batchedWhat = $"dynamic_batching {options.BatchRows} rows, {options.BatchDelayMicros} µs";
        var batchedVsRaw = new Comparison($"(c) MLP {options.Mlp}, inputs 1 row, {batchedWhat}", "Switchyard endpoint, batched", $"raw ORT loop, {options.RawThreads} threads, batch 1");
        var batchedVsAlone = new Comparison($"(d) the same, batched vs unbatched", "Switchyard endpoint, batched", "Switchyard endpoint, unbatched (b)");
        var stealBefore = MachineInfo.CpuJiffies();
        var noisyRounds = 0;
        var retries = 0;
        var noisyReruns = 0;
        var noisyKept = 0;
        for (var round = 1; round <= options.Rounds; round++)
        {
            var (busy, quiet) = await QuietGate.WaitAsync(TimeSpan.FromSeconds(60));
            if (!quiet)
            {
                noisyRounds++;
                BenchSession.Log(string.Create(CultureInfo.InvariantCulture, $"machine still {busy:P0} busy with other work; measuring round {round} anyway"));
            }

            SideRound a, b, c, d, e;
            try
            {
                a = await SwitchyardTiny(options.Round);
                b = await Floor(options.Round);
                c = await SwitchyardMlp(options.Round);
                e = await SwitchyardBatched(options.Round);
                d = await Raw(options.Round);
            }
            catch (InvalidOperationException error) when (error.Message.StartsWith("wrk failed", StringComparison.Ordinal) && retries++ < MaxRetries)
            {
                // wrk killed from outside (a shared box): the pair is incomplete, so the round is run again.
                BenchSession.Log($"round {round} lost ({error.Message.Trim()}); running it again");
                round--;
                continue;
            }

            var foreign = new[] { a, b, c, d, e }.Max(static side => side.ForeignCores);
            if (foreign > BenchSession.ForeignLimit && noisyReruns < options.Rounds * 2)
            {
                // Other work took cores during one side only: that round measures the neighbour, not us.
                noisyReruns++;
                BenchSession.Log(string.Create(CultureInfo.InvariantCulture, $"round {round} disturbed (other work took up to {foreign:F2} cores); running it again"));
                round--;
                continue;
            }

            if (foreign > BenchSession.ForeignLimit)
            {
                noisyKept++;
            }

            tiny.Add(a, b);
            mlp.Add(c, d);
            batchedVsRaw.Add(e, d);
            batchedVsAlone.Add(e, c);
            BenchSession.Log(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: tiny {a.Load.RequestsPerSecond:F0} vs floor {b.Load.RequestsPerSecond:F0}; mlp {c.Load.RequestsPerSecond:F0}, batched {e.Load.RequestsPerSecond:F0} vs raw {d.Load.RequestsPerSecond:F0}; other work {a.ForeignCores:F2}/{b.ForeignCores:F2}/{c.ForeignCores:F2}/{e.ForeignCores:F2}/{d.ForeignCores:F2} cores"));
        }

        var stealAfter = MachineInfo.CpuJiffies();
        raw.Input.WriteLine("quit");
        raw.Input.Flush();

        var total = stealAfter.Total - stealBefore.Total;
        var steal = total > 0 ? 100.0 * (stealAfter.Steal - stealBefore.Steal) / total : 0;
        var setup = string.Create(CultureInfo.InvariantCulture, $"""
            Machine: {MachineInfo.Describe()}; CPU steal during the rounds {steal:F1}%; rounds started on a machine still busy with other work: {noisyRounds}; rounds rerun because other work took over {BenchSession.ForeignLimit:F2} cores during a side: {noisyReruns}, kept anyway after too many reruns: {noisyKept}.
            Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Rounds: {options.Rounds} × {options.Round.TotalSeconds:F0} s per side, interleaved, after {options.WarmUp.TotalSeconds:F0} s warm-up per side.
            Load: wrk -t{options.WrkThreads} -c{options.Connections} --latency (closed loop; p99 at saturation includes queueing). Raw ORT: {options.RawThreads} threads on one session, batch 1, intra_op=1, inter_op=1, no spinning, preallocated OrtValues, Run timed alone.
            Layout: unpinned; orchestrator, Switchyard, floor, raw ORT worker and wrk are separate processes sharing all cores.
            """);
        return MarkdownReport.Render([tiny, mlp, batchedVsRaw, batchedVsAlone], setup, BenchSession.ForeignLimit);
    }

    /// <summary>
    /// Runs one side, charging the serving process's CPU time over the wall time of the round, and,
    /// when it serves <paramref name="allocations"/>, the bytes it allocated meanwhile per request.
    /// </summary>
    private static async Task<SideRound> MeasureAsync(ChildProcess server, Func<Task<LoadResult>> drive, HttpClient? http = null, Uri? allocations = null)
    {
        var allocatedBefore = allocations is null ? 0 : await AllocationRoute.ReadAsync(http!, allocations);
        var cpuBefore = server.CpuTime;
        var clientBefore = ReapedChildrenCpu.Read();
        var machineBefore = MachineCpu.Busy();
        var selfBefore = MachineCpu.Self();
        var began = Stopwatch.GetTimestamp();
        var load = await drive();
        var wall = Stopwatch.GetElapsedTime(began);
        var cpu = server.CpuTime - cpuBefore;
        var client = ReapedChildrenCpu.Read() - clientBefore;
        var foreign = MachineCpu.Busy() - machineBefore - cpu - client - (MachineCpu.Self() - selfBefore);
        var requests = load.RequestsPerSecond * wall.TotalSeconds;
        var bytes = allocations is null ? double.NaN : (await AllocationRoute.ReadAsync(http!, allocations) - allocatedBefore) / requests;
        return new SideRound(load, cpu / wall, requests > 0 ? cpu.TotalMicroseconds / requests : double.NaN, client / wall,
            Math.Max(0, foreign / wall), bytes);
    }

    private static async Task<LoadResult> RawRoundAsync(ChildProcess raw, TimeSpan duration)
    {
        await raw.Input.WriteLineAsync(duration.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture).Insert(0, "run "));
        await raw.Input.FlushAsync();
        return LoadResult.ParseLine(await raw.ReadLineStartingWithAsync("RESULT", duration + TimeSpan.FromSeconds(60)));
    }

    /// <summary>Waits until something answers HTTP at <paramref name="url"/> (any status).</summary>
    internal static async Task WaitListeningAsync(Uri url)
    {
        using var client = new HttpClient { BaseAddress = url };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var _ = await client.GetAsync("/");
                return;
            }
            catch (HttpRequestException) when (attempt < 300)
            {
                await Task.Delay(100);
            }
        }
    }

}
