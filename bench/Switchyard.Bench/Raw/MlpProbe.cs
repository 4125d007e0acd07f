using Switchyard.Runtimes.Onnx;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Switchyard.Bench.Driving;
using Switchyard.Bench.Models;

namespace Switchyard.Bench.Raw;

/// <summary>
/// Times ORT Runs on one thread with the server's session settings. Without <c>--rows</c>: one Run
/// at batch 1 for a few MLP sizes, to pick a model heavy enough (≈200 µs or more) that scoring,
/// not HTTP, dominates. With <c>--rows 1,2,4,8,16</c>: what a row costs at each batch size of one
/// MLP, with one loop alone and with one loop per core at once, which is what bounds dynamic
/// batching's gain on a CPU.
/// </summary>
public static class MlpProbe
{
    private const int WarmUpRuns = 50;
    private const int TimedRuns = 400;

    public static int Run(string[] args)
    {
        var read = new BenchArguments(args);
        var root = Directory.CreateTempSubdirectory("switchyard-probe-");
        try
        {
            if (read.Value("--rows") is not null)
            {
                var shape = MlpShape.Parse(read.Value("--mlp") ?? "1024,4096,64");
                var dir = Path.Combine(root.FullName, shape.ToArgument());
                BenchModels.WriteMlp(dir, shape);
                PrintRowCosts(dir, shape, read.Ints("--rows", "1,2,4,8,16"));
                return 0;
            }

            string[] shapes = args.Length > 0 ? args : ["256,2048,16", "512,4096,16", "1024,4096,16", "1024,4096,64", "2048,4096,16"];
            foreach (var text in shapes)
            {
                var shape = MlpShape.Parse(text);
                var dir = Path.Combine(root.FullName, shape.ToArgument());
                BenchModels.WriteMlp(dir, shape);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{shape}: median {MedianMicros(dir, shape):F1} µs per Run"));
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }

        return 0;
    }

    /// <summary>A Markdown table: per batch size, the median Run and its cost per row, one loop alone and one per core.</summary>
    private static void PrintRowCosts(string dir, MlpShape shape, int[] rowCounts)
    {
        var cores = Environment.ProcessorCount;
        Console.WriteLine($"{shape}, one thread per Run, median of {TimedRuns} Runs after {WarmUpRuns}:");
        Console.WriteLine();
        Console.WriteLine($"| rows | Run, one loop (µs) | per row | Run, {cores} loops at once (µs) | per row | per row ÷ batch 1's, {cores} loops |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        double? firstPerRow = null;
        foreach (var rows in rowCounts)
        {
            // One session shared by the loops, as the server shares one per model version.
            using var options = OnnxSessionOptions.Create();
            using var session = new InferenceSession(Path.Combine(dir, BenchModels.OnnxFileName), options);
            var alone = MedianMicros(session, shape, rows);
            var together = Enumerable.Range(0, cores)
                .Select(_ => Task.Factory.StartNew(() => MedianMicros(session, shape, rows), TaskCreationOptions.LongRunning))
                .ToArray();
            Task.WaitAll(together);
            var busy = together.Select(static t => t.Result).Order().ElementAt(cores / 2);
            var perRow = busy / rows;
            firstPerRow ??= perRow;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rows} | {alone:F1} | {alone / rows:F1} | {busy:F1} | {perRow:F1} | {perRow / firstPerRow:F2} |"));
        }
    }

    private static double MedianMicros(string dir, MlpShape shape)
    {
        using var options = OnnxSessionOptions.Create();
        using var session = new InferenceSession(Path.Combine(dir, BenchModels.OnnxFileName), options);
        return MedianMicros(session, shape, rows: 1);
    }

    private static double MedianMicros(InferenceSession session, MlpShape shape, int rows)
    {
        using var runOptions = new RunOptions();
        var row = BenchModels.MlpRow(shape.Inputs);
        var input = new float[rows * row.Length];
        for (var r = 0; r < rows; r++)
        {
            row.CopyTo(input, r * row.Length);
        }

        var output = new float[rows * shape.Outputs];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [rows, row.Length]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [rows, shape.Outputs]);
        string[] inputNames = [.. session.InputNames];
        string[] outputNames = [.. session.OutputNames];
        OrtValue[] inputs = [inputValue];
        OrtValue[] outputs = [outputValue];

        var times = new double[TimedRuns];
        for (var i = 0; i < WarmUpRuns + TimedRuns; i++)
        {
            var before = Stopwatch.GetTimestamp();
            session.Run(runOptions, inputNames, inputs, outputNames, outputs);
            if (i >= WarmUpRuns)
            {
                times[i - WarmUpRuns] = Stopwatch.GetElapsedTime(before).TotalMicroseconds;
            }
        }

        Array.Sort(times);
        return times[TimedRuns / 2];
    }
}
