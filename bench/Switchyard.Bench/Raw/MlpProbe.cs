using Switchyard.Runtimes.Onnx;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Switchyard.Bench.Models;

namespace Switchyard.Bench.Raw;

/// <summary>
/// Times one ORT Run at batch 1 on one thread with the server's session settings for a few MLP
/// sizes, to pick a model heavy enough (≈200 µs or more) that scoring, not HTTP, dominates.
/// </summary>
public static class MlpProbe
{
    private const int WarmUpRuns = 50;
    private const int TimedRuns = 400;

    public static int Run(string[] args)
    {
        string[] shapes = args.Length > 0 ? args : ["256,2048,16", "512,4096,16", "1024,4096,16", "1024,4096,64", "2048,4096,16"];
        var root = Directory.CreateTempSubdirectory("switchyard-probe-");
        try
        {
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

    private static double MedianMicros(string dir, MlpShape shape)
    {
        using var options = OnnxSessionOptions.Create();
        using var session = new InferenceSession(Path.Combine(dir, BenchModels.OnnxFileName), options);
        using var runOptions = new RunOptions();
        var input = BenchModels.MlpRow(shape.Inputs);
        var output = new float[shape.Outputs];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, input.Length]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, output.Length]);
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
