using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Switchyard.Bench.Reporting;

namespace Switchyard.Bench.Raw;

/// <summary>
/// The ceiling for the heavier model: N threads calling Run on one shared session, batch 1, with
/// input and output OrtValues built once per thread over pinned managed arrays. Only Run is
/// timed; nothing else happens per call.
/// </summary>
public sealed class RawOrtLoop : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _row;
    private readonly int _outputs;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public RawOrtLoop(InferenceSession session, float[] row)
    {
        _session = session;
        _row = row;
        _inputNames = [.. session.InputNames];
        _outputNames = [.. session.OutputNames];
        _outputs = (int)session.OutputMetadata[_outputNames[0]].Dimensions[^1];
    }

    public LoadResult Measure(int threads, TimeSpan duration)
    {
        var latencies = new List<long>[threads];
        var stop = 0;
        using var start = new Barrier(threads + 1);
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var slot = t;
            latencies[slot] = new List<long>(1 << 16);
            workers[t] = new Thread(() => Loop(latencies[slot], start, () => Volatile.Read(ref stop) != 0)) { IsBackground = true };
            workers[t].Start();
        }

        start.SignalAndWait();
        var began = Stopwatch.GetTimestamp();
        Thread.Sleep(duration);
        Volatile.Write(ref stop, 1);
        foreach (var worker in workers)
        {
            worker.Join();
        }

        var elapsed = Stopwatch.GetElapsedTime(began);
        var all = latencies.SelectMany(static l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(all.Length / elapsed.TotalSeconds, Micros(Percentile(all, 0.50)), Micros(Percentile(all, 0.99)), 0);
    }

    private void Loop(List<long> latencies, Barrier start, Func<bool> stopped)
    {
        var input = (float[])_row.Clone();
        var output = new float[_outputs];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, input.Length]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, output.Length]);
        OrtValue[] inputs = [inputValue];
        OrtValue[] outputs = [outputValue];
        start.SignalAndWait();
        while (!stopped())
        {
            var before = Stopwatch.GetTimestamp();
            _session.Run(_runOptions, _inputNames, inputs, _outputNames, outputs);
            latencies.Add(Stopwatch.GetTimestamp() - before);
        }
    }

    private static long Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    public void Dispose() => _runOptions.Dispose();
}
