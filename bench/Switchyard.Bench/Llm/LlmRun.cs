using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Switchyard.Bench.Driving;
using Switchyard.Bench.Reporting;
using Switchyard.Core.Endpoints;

namespace Switchyard.Bench.Llm;

/// <summary>
/// The LLM engine through a provisioned-throughput endpoint against the same engine driven
/// in-process (issue 7's benchmark). Layout, all separate processes sharing every core, nothing
/// pinned: the Switchyard server (one endpoint per model, band min = max = the server's largest,
/// so the band never throttles), one direct worker per model (the same loader and engine options,
/// no band), and this orchestrator, which is the HTTP client (idle while the direct side runs).
/// At each concurrency N, N closed loops send the same completions request (same prompt,
/// max_tokens, temperature 0) and the aggregate completion tokens/s is compared; rounds
/// interleave both sides at every N for every model.
/// </summary>
public static class LlmRun
{
    private const string AdminToken = BenchCredentials.AdminToken;

    /// <summary>
    /// The prompt of every request, on both sides. At temperature 0 both bench models run it to
    /// max_tokens (a longer prompt made the tiny model stop after 5 tokens, which measures
    /// per-request cost rather than tokens/s); the report shows tokens per request to check.
    /// </summary>
    public const string Prompt = "the quick brown fox";

    public static Task<int> RunAsync(string[] args)
    {
        var options = LlmOptions.Parse(args);
        return BenchSession.RunAsync("switchyard-bench-llm-", options.OutFile, scratch => MeasureAsync(options, scratch));
    }

    private sealed record BenchModel(string Name, string Path, string Label);

    private static async Task<string> MeasureAsync(LlmOptions options, string scratch)
    {
        var models = new List<BenchModel> { new("tiny", BenchGguf.Tiny(scratch), "tiny dense GGUF (E=64, L=2, 0.8 MB)") };
        if (options.Larger)
        {
            var path = BenchGguf.Larger(scratch, options.Embedding, options.Layers);
            models.Add(new($"e{options.Embedding}-l{options.Layers}", path,
                string.Create(CultureInfo.InvariantCulture, $"random-weight llama E={options.Embedding}, L={options.Layers}, F32 ({new FileInfo(path).Length / 1e6:F0} MB)")));
        }

        var promptFile = Path.Combine(scratch, "prompt.txt");
        await File.WriteAllTextAsync(promptFile, Prompt);

        var directs = new Dictionary<string, ChildProcess>(StringComparer.Ordinal);
        ChildProcess? switchyard = null;
        try
        {
            var engineSettings = "";
            foreach (var model in models)
            {
                var worker = ChildProcess.StartRole("llm-direct", ["--gguf", model.Path, .. options.DirectEngine], redirectInput: true);
                directs[model.Name] = worker;
                engineSettings = (await worker.ReadLineStartingWithAsync("READY", TimeSpan.FromSeconds(300)))["READY ".Length..];
                BenchSession.Log($"direct worker (pid {worker.Id}) loaded {model.Label}: {engineSettings}");
            }

            HttpClient? http = null;
            if (!options.DirectOnly)
            {
                var url = FreePort.Next();
                switchyard = ChildProcess.StartRole("serve-switchyard",
                    ["--urls", url.ToString(), "--data-dir", Path.Combine(scratch, "data"), "--admin-token", AdminToken, "--Logging:LogLevel:Default=Warning", .. options.ServerEngine]);
                switchyard.DrainOutput();
                http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(5) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
                var control = new ControlPlane(http);
                await control.WaitHealthyAsync(TimeSpan.FromSeconds(60));
                foreach (var model in models)
                {
                    var version = await control.RegisterAsync("llm_" + model.Name.Replace('-', '_'), model.Path);
                    await control.CreateEndpointAsync("llm-" + model.Name, new JsonObject
                    {
                        ["served_entities"] = new JsonArray(new JsonObject
                        {
                            ["entity_name"] = "catalog.schema.llm_" + model.Name.Replace('-', '_'),
                            ["entity_version"] = version,
                            ["min_provisioned_throughput"] = ThroughputChunks.MaxTokensPerSecond,
                            ["max_provisioned_throughput"] = ThroughputChunks.MaxTokensPerSecond,
                        }),
                    });
                }

                BenchSession.Log($"Switchyard (pid {switchyard.Id}) serves {string.Join(", ", models.Select(static m => "llm-" + m.Name))}");
            }

            return await MeasureRoundsAsync(options, models, directs, switchyard, http, promptFile, engineSettings);
        }
        finally
        {
            switchyard?.Dispose();
            foreach (var worker in directs.Values)
            {
                worker.Dispose();
            }
        }
    }

    private static async Task<string> MeasureRoundsAsync(LlmOptions options, List<BenchModel> models, Dictionary<string, ChildProcess> directs,
        ChildProcess? switchyard, HttpClient? http, string promptFile, string engineSettings)
    {
        var body = HttpGeneration.Body(Prompt, options.MaxTokens);
        var sides = new List<(string Key, Func<TimeSpan, bool, Task<LlmSide>> Run)>();
        foreach (var model in models)
        {
            foreach (var c in options.Concurrency)
            {
                if (http is not null && switchyard is not null)
                {
                    var generation = new HttpGeneration(http, new Uri(http.BaseAddress!, $"/serving-endpoints/llm-{model.Name}/invocations"), body);
                    sides.Add(($"{model.Name}|{c}|http", (d, _) => MeasureAsync(switchyard, true, () => TokenLoad.RunAsync(generation.GenerateAsync, c, d))));
                }

                var worker = directs[model.Name];
                sides.Add(($"{model.Name}|{c}|direct", (d, warm) => MeasureAsync(worker, false, () => DirectRoundAsync(worker, warm, d, c, options.MaxTokens, promptFile))));
            }
        }

        BenchSession.Log($"warm-up {options.WarmUp.TotalSeconds:F0} s per side");
        foreach (var side in sides)
        {
            await side.Run(options.WarmUp, true);
        }

        var schedule = new QuietRounds(options.Rounds, options.MaxReruns, options.Patience);
        var rounds = await schedule.RunAsync(async round =>
        {
            var results = new Dictionary<string, LlmSide>(StringComparer.Ordinal);
            foreach (var side in sides)
            {
                results[side.Key] = await side.Run(options.Round, false);
            }

            BenchSession.Log(string.Create(CultureInfo.InvariantCulture, $"round {round}: ") + string.Join("; ", results.Select(static r =>
                string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value.Load.TokensPerSecond:F0} tok/s (other {r.Value.ForeignCores:F2})"))));
            return results;
        }, static results => results.Values.Max(static r => r.ForeignCores));

        foreach (var worker in directs.Values)
        {
            await worker.Input.WriteLineAsync("quit");
            await worker.Input.FlushAsync();
        }

        var setup = string.Create(CultureInfo.InvariantCulture, $"""
            Machine: {MachineInfo.Describe()}; {schedule.Describe()}
            Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Rounds: {options.Rounds} × {options.Round.TotalSeconds:F0} s per side, interleaved, after {options.WarmUp.TotalSeconds:F0} s warm-up per side.
            Requests: completions, prompt "{Prompt}", max_tokens {options.MaxTokens}, temperature 0, one choice; N closed loops. Engine (both sides{(options.DirectEngine.Length == 0 ? ", the server's defaults" : "")}): {engineSettings}.
            Layout: unpinned; Switchyard, one direct-engine worker per model and the orchestrator (the HTTP client) are separate processes sharing all cores.
            """);
        return LlmReport.Render(setup, [.. models.Select(static m => (m.Name, m.Label))], options.Concurrency, rounds, http is not null);
    }

    private static async Task<LlmSide> MeasureAsync(ChildProcess engine, bool httpSide, Func<Task<TokenResult>> drive)
    {
        var engineBefore = engine.CpuTime;
        var selfBefore = MachineCpu.Self();
        var machineBefore = MachineCpu.Busy();
        var began = Stopwatch.GetTimestamp();
        var load = await drive();
        var wall = Stopwatch.GetElapsedTime(began).TotalSeconds;
        var engineCpu = (engine.CpuTime - engineBefore).TotalSeconds;
        var self = (MachineCpu.Self() - selfBefore).TotalSeconds;
        var machine = (MachineCpu.Busy() - machineBefore).TotalSeconds;
        return new LlmSide(load, engineCpu / wall, httpSide ? self / wall : 0, Math.Max(0, (machine - engineCpu - self) / wall));
    }

    private static async Task<TokenResult> DirectRoundAsync(ChildProcess worker, bool warm, TimeSpan duration, int concurrency, int maxTokens, string promptFile)
    {
        await worker.Input.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{(warm ? "warm" : "run")} {duration.TotalSeconds:F0} {concurrency} {maxTokens} {promptFile}"));
        await worker.Input.FlushAsync();
        return TokenResult.ParseLine(await worker.ReadLineStartingWithAsync("TOKENS", duration + TimeSpan.FromMinutes(5)));
    }

}
