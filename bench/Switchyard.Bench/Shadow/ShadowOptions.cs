using Switchyard.Bench.Driving;

namespace Switchyard.Bench.Shadow;

/// <summary>Command-line settings of <c>run-shadow</c>; the defaults are the short run.</summary>
public sealed record ShadowOptions(
    TimeSpan Round, TimeSpan WarmUp, int Rounds, double Rate, double SamplePercentage, TimeSpan Settle, string? OutFile, int MaxReruns,
    TimeSpan Patience)
{
    public static ShadowOptions Parse(string[] args)
    {
        var read = new BenchArguments(args);
        var rounds = read.Rounds();
        var percentage = read.Int("--sample", 100);
        if (percentage is < 1 or > 100)
        {
            throw new ArgumentException("--sample is the shadow's shadow_sample_percentage, 1 to 100");
        }

        return new ShadowOptions(
            TimeSpan.FromSeconds(read.Int("--seconds", 10)),
            TimeSpan.FromSeconds(read.Int("--warmup", 10)),
            rounds,
            read.Int("--rate", 1000),
            percentage,
            TimeSpan.FromSeconds(read.Int("--settle", 2)),
            read.Value("--out"),
            read.Int("--max-reruns", rounds * 2),
            TimeSpan.FromSeconds(read.Int("--patience", 60)));
    }
}
