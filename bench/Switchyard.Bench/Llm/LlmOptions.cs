using System.Globalization;

namespace Switchyard.Bench.Llm;

/// <summary>Command-line settings of <c>run-llm</c>; the defaults are the short run.</summary>
public sealed record LlmOptions(
    TimeSpan Round, TimeSpan WarmUp, int Rounds, int[] Concurrency, int MaxTokens, bool Larger, int Embedding, int Layers, bool DirectOnly, string? OutFile, int MaxReruns, TimeSpan Patience)
{
    public static LlmOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var rounds = Int("--rounds", 3);
        if (rounds < 3)
        {
            throw new ArgumentException("at least 3 rounds: one round has no spread and no median worth the name");
        }

        return new LlmOptions(
            TimeSpan.FromSeconds(Int("--seconds", 10)),
            TimeSpan.FromSeconds(Int("--warmup", 5)),
            rounds,
            [.. (Value("--concurrency") ?? "1,4,8").Split(',').Select(static c => int.Parse(c, CultureInfo.InvariantCulture))],
            Int("--max-tokens", 64),
            !args.Contains("--tiny-only"),
            Int("--embedding", 512),
            Int("--layers", 8),
            args.Contains("--direct-only"),
            Value("--out"),
            Int("--max-reruns", rounds * 2),
            TimeSpan.FromSeconds(Int("--patience", 60)));
    }
}
