using Switchyard.Bench.Driving;

namespace Switchyard.Bench.External;

/// <summary>Command-line settings of <c>run-external</c>; the defaults are the short run.</summary>
public sealed record ExternalOptions(
    TimeSpan Round, TimeSpan WarmUp, int Rounds, double Rate, int[] Connections, bool FloorsOnly, string? OutFile, int MaxReruns, TimeSpan Patience, string[] SwitchyardEnvironment, bool Relays)
{
    public static ExternalOptions Parse(string[] args)
    {
        var read = new BenchArguments(args);
        var rounds = read.Rounds();

        return new ExternalOptions(
            TimeSpan.FromSeconds(read.Int("--seconds", 10)),
            TimeSpan.FromSeconds(read.Int("--warmup", 10)),
            rounds,
            read.Int("--rate", 500),
            read.Ints("--connections", "16,64"),
            read.Flag("--floors-only"),
            read.Value("--out"),
            read.Int("--max-reruns", rounds * 2),
            TimeSpan.FromSeconds(read.Int("--patience", 60)),
            read.All("--switchyard-env"),
            !read.Flag("--no-relays"));
    }
}
