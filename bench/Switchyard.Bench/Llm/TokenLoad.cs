using System.Diagnostics;
using System.Globalization;
using Switchyard.Bench.Reporting;

namespace Switchyard.Bench.Llm;

/// <summary>
/// What <see cref="TokenLoad"/> measured: completion tokens over the wall time from the first
/// start to the last finish, requests, failures and the median request time.
/// </summary>
public readonly record struct TokenResult(long Requests, long Tokens, long Errors, double Seconds, double RequestMillisP50)
{
    public double TokensPerSecond => Seconds > 0 ? Tokens / Seconds : 0;

    public string ToLine() => string.Create(CultureInfo.InvariantCulture, $"TOKENS {Requests} {Tokens} {Errors} {Seconds:F3} {RequestMillisP50:F2}");

    public static TokenResult ParseLine(string line)
    {
        var p = line.Split(' ');
        if (p.Length != 6 || p[0] != "TOKENS")
        {
            throw new FormatException($"not a token result line: {line}");
        }

        return new TokenResult(long.Parse(p[1], CultureInfo.InvariantCulture), long.Parse(p[2], CultureInfo.InvariantCulture),
            long.Parse(p[3], CultureInfo.InvariantCulture), double.Parse(p[4], CultureInfo.InvariantCulture), double.Parse(p[5], CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// Closed-loop generation load, the same harness for both sides of the comparison: N loops each
/// start one generation, wait for it, and start the next until the duration is up; requests in
/// flight at the deadline are waited for and counted, so the window ends at the last finish.
/// One generation answers its completion-token count.
/// </summary>
public static class TokenLoad
{
    public static async Task<TokenResult> RunAsync(Func<CancellationToken, Task<int>> generate, int concurrency, TimeSpan duration, CancellationToken ct = default)
    {
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long tokens = 0, requests = 0, errors = 0;
        var times = new List<double>[concurrency];
        var loops = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var mine = times[i] = [];
            loops[i] = Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var began = Stopwatch.GetTimestamp();
                    try
                    {
                        var produced = await generate(ct);
                        Interlocked.Add(ref tokens, produced);
                        Interlocked.Increment(ref requests);
                        mine.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                    }
                    catch (Exception error) when (error is HttpRequestException or InvalidOperationException or IOException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }, ct);
        }

        await Task.WhenAll(loops);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new TokenResult(requests, tokens, errors, seconds, Comparison.Median(times.SelectMany(static t => t)));
    }
}
