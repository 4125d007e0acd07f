using System.Globalization;

namespace Switchyard.Bench.Driving;

/// <summary>The <c>--name value</c> arguments every benchmark mode reads, and the rule on rounds they share.</summary>
public sealed class BenchArguments(string[] args)
{
    /// <summary>The value of the last <c>name value</c> pair, so flags given to a script win over the defaults it puts first.</summary>
    public string? Value(string name)
    {
        var at = Array.LastIndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A comma-separated list of integers, such as <c>--connections 16,64</c>.</summary>
    public int[] Ints(string name, string fallback) =>
        [.. (Value(name) ?? fallback).Split(',').Select(static c => int.Parse(c, CultureInfo.InvariantCulture))];

    public bool Flag(string name) => args.Contains(name);

    /// <summary>Every value of a repeatable argument, in order.</summary>
    public string[] All(string name) =>
        [.. args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1])];

    /// <summary><c>--rounds</c>, at least 3: one round has no spread and no median worth the name.</summary>
    public int Rounds()
    {
        var rounds = Int("--rounds", 3);
        return rounds >= 3 ? rounds : throw new ArgumentException("at least 3 rounds: one round has no spread and no median worth the name");
    }
}
