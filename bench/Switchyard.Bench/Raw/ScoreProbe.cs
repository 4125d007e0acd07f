using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Switchyard.Bench.Models;
using Switchyard.Runtimes.Onnx;
using Switchyard.Runtimes.Scoring;

namespace Switchyard.Bench.Raw;

/// <summary>
/// Splits the server's per-request scoring cost on one thread, without HTTP: parsing the JSON
/// body alone, the runtime's whole Score (parse, bind, Run, write the answer), and a raw Run.
/// Score minus Run is what the runtime adds around ORT; the rest of an HTTP request is Kestrel,
/// routing and the gate.
/// </summary>
public static class ScoreProbe
{
    private const int WarmUpCalls = 300;
    private const int TimedCalls = 1000;
    private const int Blocks = 5;

    public static int Run(string[] args)
    {
        var shape = MlpShape.Parse(args.Length > 0 ? args[0] : "1024,4096,64");
        var root = Directory.CreateTempSubdirectory("switchyard-score-probe-");
        try
        {
            var tinyDir = Path.Combine(root.FullName, "tiny");
            var mlpDir = Path.Combine(root.FullName, "mlp");
            BenchModels.WriteTiny(tinyDir);
            BenchModels.WriteMlp(mlpDir, shape);
            Probe("tiny model-A, dataframe_split", tinyDir, Encoding.UTF8.GetBytes(BenchModels.TinyBody), [1f, 2f, 3f, 4f]);
            Probe($"MLP {shape}, inputs", mlpDir, Encoding.UTF8.GetBytes(BenchModels.MlpBody(shape.Inputs)), BenchModels.MlpRow(shape.Inputs));
        }
        finally
        {
            root.Delete(recursive: true);
        }

        return 0;
    }

    private static void Probe(string title, string dir, byte[] body, float[] row)
    {
        using var model = new OnnxModelRuntime().Load(dir);
        var answer = new ArrayBufferWriter<byte>(64 * 1024);

        var parse = Time(() =>
        {
            using var request = ScoringRequest.TryParse(body, out _);
        });
        // Baselines for the parse: the same bytes through JsonDocument.Parse, and a bare token scan.
        var document = Time(() =>
        {
            using var parsed = JsonDocument.Parse(body);
        });
        var parseValue = Time(() =>
        {
            var reader = new Utf8JsonReader(body);
            using var parsed = JsonDocument.ParseValue(ref reader);
        });
        var scan = Time(() =>
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
            }
        });
        // What a one-pass reader straight into the tensor buffer would cost (the change proposed for
        // numeric tensor inputs): every number converted once, no JsonDocument.
        var floats = new float[Math.Max(row.Length, 64)];
        var stream = Time(() =>
        {
            var reader = new Utf8JsonReader(body);
            var count = 0;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.Number && count < floats.Length)
                {
                    floats[count++] = reader.GetSingle();
                }
            }
        });
        var score = Time(() =>
        {
            answer.ResetWrittenCount();
            if (!model.Score(body, answer).Succeeded)
            {
                throw new InvalidOperationException("the probe's request failed to score");
            }
        });

        using var options = OnnxSessionOptions.Create();
        using var session = new InferenceSession(Path.Combine(dir, BenchModels.OnnxFileName), options);
        using var runOptions = new RunOptions();
        var outputs = (int)session.OutputMetadata[session.OutputNames[0]].Dimensions[^1];
        using var input = OrtValue.CreateTensorValueFromMemory(row, [1, row.Length]);
        using var output = OrtValue.CreateTensorValueFromMemory(new float[outputs], [1, outputs]);
        string[] inputNames = [.. session.InputNames];
        string[] outputNames = [.. session.OutputNames];
        OrtValue[] inputValues = [input];
        OrtValue[] outputValues = [output];
        var run = Time(() => session.Run(runOptions, inputNames, inputValues, outputNames, outputValues));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title} ({body.Length} B body, {answer.WrittenCount} B answer): ScoringRequest.TryParse {parse.Micros:F1} µs / {parse.Bytes} B (JsonDocument.Parse {document.Micros:F1} µs, JsonDocument.ParseValue over a reader {parseValue.Micros:F1} µs, Utf8JsonReader scan {scan.Micros:F1} µs, scan converting each number to float {stream.Micros:F1} µs); Score {score.Micros:F1} µs / {score.Bytes} B; raw Run {run.Micros:F1} µs / {run.Bytes} B; Score − Run {score.Micros - run.Micros:F1} µs"));
    }

    /// <summary>
    /// µs per call (the lowest of several block medians, since other work on a shared box only
    /// ever adds time) and allocated bytes per call, on this thread.
    /// </summary>
    private static (double Micros, long Bytes) Time(Action call)
    {
        for (var i = 0; i < WarmUpCalls; i++)
        {
            call();
        }

        var best = double.MaxValue;
        var times = new double[TimedCalls];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var block = 0; block < Blocks; block++)
        {
            for (var i = 0; i < TimedCalls; i++)
            {
                var before = Stopwatch.GetTimestamp();
                call();
                times[i] = Stopwatch.GetElapsedTime(before).TotalMicroseconds;
            }

            Array.Sort(times);
            best = Math.Min(best, times[TimedCalls / 2]);
        }

        var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (TimedCalls * Blocks);
        return (best, bytes);
    }
}
