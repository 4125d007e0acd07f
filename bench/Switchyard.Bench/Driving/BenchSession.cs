namespace Switchyard.Bench.Driving;

/// <summary>
/// What every benchmark mode shares around its measurement: a scratch folder removed afterwards,
/// the report printed (and written to <c>--out</c>), progress lines on stderr, and the rule on
/// other work that sends a round to be run again.
/// </summary>
public static class BenchSession
{
    /// <summary>Cores other work may take during a side before its round is run again.</summary>
    public const double ForeignLimit = 0.15;

    /// <summary>Measures in a fresh scratch folder, prints the report and writes it to <paramref name="outFile"/> when given.</summary>
    public static async Task<int> RunAsync(string scratchPrefix, string? outFile, Func<string, Task<string>> measure)
    {
        var scratch = Directory.CreateTempSubdirectory(scratchPrefix);
        try
        {
            var report = await measure(scratch.FullName);
            Console.WriteLine(report);
            if (outFile is { } file)
            {
                await File.WriteAllTextAsync(file, report);
            }

            return 0;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>A progress line, on stderr so the report on stdout stays clean.</summary>
    public static void Log(string message) => Console.Error.WriteLine($"[bench] {message}");
}
