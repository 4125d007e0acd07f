using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Switchyard.Bench.Reporting;

namespace Switchyard.Bench.Driving;

/// <summary>
/// Runs wrk (closed loop, fixed connections) against one URL with a POST body from a Lua script,
/// and reads back req/s, p50, p99 and the count of non-2xx answers and socket errors. Every
/// request carries <c>Authorization: Bearer</c> with the given token, on both sides of a comparison.
/// </summary>
public sealed partial class WrkRunner(int threads, int connections, string bearerToken, string scratchDir)
{
    public async Task<LoadResult> RunAsync(Uri url, string body, TimeSpan duration)
    {
        var script = Path.Combine(scratchDir, $"post-{(uint)body.GetHashCode(StringComparison.Ordinal):x8}.lua");
        if (!File.Exists(script))
        {
            // A Lua long string needs no escaping; the level of = signs just has to be absent from the body.
            await File.WriteAllTextAsync(script, $"""
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["Authorization"] = "Bearer {bearerToken}"
                wrk.body = [==[{body}]==]
                """);
        }

        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "10s", "--latency", "-s", script, url.ToString(),
        })
        {
            info.ArgumentList.Add(arg);
        }

        using var wrk = Process.Start(info) ?? throw new InvalidOperationException("cannot start wrk");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (wrk.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {errors}{output}");
        }

        return Parse(output);
    }

    public static LoadResult Parse(string output)
    {
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var p50 = Micros(Percentile().Matches(output).First(static m => m.Groups[1].Value == "50"));
        var p99 = Micros(Percentile().Matches(output).First(static m => m.Groups[1].Value == "99"));
        long failures = 0;
        if (NonSuccess().Match(output) is { Success: true } bad)
        {
            failures += long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (SocketErrors().Match(output) is { Success: true } socket)
        {
            for (var g = 1; g <= 4; g++)
            {
                failures += long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture);
            }
        }

        return new LoadResult(rps, p50, p99, failures);
    }

    private static double Micros(Match match)
    {
        var value = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return match.Groups[3].Value switch
        {
            "us" => value,
            "ms" => value * 1_000,
            "s" => value * 1_000_000,
            "m" => value * 60_000_000,
            var unit => throw new FormatException($"unknown wrk latency unit {unit}"),
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+(50|99)%\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex Percentile();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
