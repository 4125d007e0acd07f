using Switchyard.Bench.Driving;

namespace Switchyard.Bench.Llm;

/// <summary>Command-line settings of <c>run-llm</c>; the defaults are the short run.</summary>
public sealed record LlmOptions(
    TimeSpan Round, TimeSpan WarmUp, int Rounds, int[] Concurrency, int MaxTokens, bool Larger, int Embedding, int Layers, bool DirectOnly, string? OutFile, int MaxReruns, TimeSpan Patience,
    string[] DirectEngine)
{
    /// <summary>The direct worker's engine flags, as the server's own flags: both sides run the same engine settings.</summary>
    public string[] ServerEngine =>
        [.. DirectEngine.Select(static a => a switch { "--slots" => "--llm-slots", "--threads" => "--llm-threads", "--batch" => "--llm-batch-size", _ => a })];

    public static LlmOptions Parse(string[] args)
    {
        var read = new BenchArguments(args);
        var rounds = read.Rounds();

        return new LlmOptions(
            TimeSpan.FromSeconds(read.Int("--seconds", 10)),
            TimeSpan.FromSeconds(read.Int("--warmup", 5)),
            rounds,
            read.Ints("--concurrency", "1,4,8"),
            read.Int("--max-tokens", 64),
            !read.Flag("--tiny-only"),
            read.Int("--embedding", 512),
            read.Int("--layers", 8),
            read.Flag("--direct-only"),
            read.Value("--out"),
            read.Int("--max-reruns", rounds * 2),
            TimeSpan.FromSeconds(read.Int("--patience", 60)),
            // Engine settings (--slots, --threads, --batch) for the direct worker and the server alike.
            [.. new[] { "--slots", "--threads", "--batch" }.Where(f => read.Value(f) is not null).SelectMany(f => new[] { f, read.Value(f)! })]);
    }
}
