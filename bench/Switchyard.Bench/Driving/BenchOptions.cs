using Switchyard.Bench.Models;

namespace Switchyard.Bench.Driving;

/// <summary>Command-line settings of a run; the defaults are the short run.</summary>
public sealed record BenchOptions(
    TimeSpan Round, TimeSpan WarmUp, int Rounds, int Connections, int WrkThreads, int RawThreads, MlpShape Mlp, string? OutFile)
{
    public static BenchOptions Parse(string[] args)
    {
        var read = new BenchArguments(args);
        var rounds = read.Rounds();

        return new BenchOptions(
            TimeSpan.FromSeconds(read.Int("--seconds", 10)),
            TimeSpan.FromSeconds(read.Int("--warmup", 10)),
            rounds,
            read.Int("--connections", 16),
            read.Int("--wrk-threads", 1),
            read.Int("--raw-threads", 2),
            MlpShape.Parse(read.Value("--mlp") ?? "1024,4096,64"),
            read.Value("--out"));
    }
}
