using Switchyard.Runtimes.Onnx;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Switchyard.Bench.Models;

namespace Switchyard.Bench.Raw;

/// <summary>
/// The raw ORT side as a long-lived child process: it loads and warms the session once, then
/// runs one measured round per "run SECONDS" line on stdin, so rounds interleave with the
/// server's without paying start-up each time.
/// </summary>
public static class RawOrtWorker
{
    public static int Run(string[] args)
    {
        var modelDir = Option(args, "--model") ?? throw new ArgumentException("--model is required");
        var threads = int.Parse(Option(args, "--threads") ?? "2", CultureInfo.InvariantCulture);

        using var options = OnnxSessionOptions.Create();
        using var session = new InferenceSession(Path.Combine(modelDir, BenchModels.OnnxFileName), options);
        var inputs = (int)session.InputMetadata[session.InputNames[0]].Dimensions[^1];
        using var loop = new RawOrtLoop(session, BenchModels.MlpRow(inputs));
        Console.WriteLine("READY");

        while (Console.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["run", var seconds])
            {
                var result = loop.Measure(threads, TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)));
                Console.WriteLine(result.ToLine());
            }
            else if (parts is ["quit"])
            {
                break;
            }
        }

        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
