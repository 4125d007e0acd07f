using Switchyard.Bench.Models;

namespace Switchyard.Bench.Driving;

/// <summary>Command-line settings of a run; the defaults are the short run.</summary>
public sealed record BenchOptions(
    TimeSpan Round, TimeSpan WarmUp, int Rounds, int Connections, int WrkThreads, int RawThreads, MlpShape Mlp, string? OutFile,
    int BatchRows, int BatchDelayMicros)
{
    public static BenchOptions Parse(string[] args)
    {
        var read = new BenchArguments(args);
        var rounds = read.Rounds();
        // dynamic_batching of the batched MLP endpoint: max rows per run, max delay in µs.
        var batching = (read.Value("--batching") ?? "8,0").Split(',');

        return new BenchOptions(
            TimeSpan.FromSeconds(read.Int("--seconds", 10)),
            TimeSpan.FromSeconds(read.Int("--warmup", 10)),
            rounds,
            read.Int("--connections", 16),
            read.Int("--wrk-threads", 1),
            read.Int("--raw-threads", 2),
            MlpShape.Parse(read.Value("--mlp") ?? "1024,4096,64"),
            read.Value("--out"),
            int.Parse(batching[0], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(batching[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
