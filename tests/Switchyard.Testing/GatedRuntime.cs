using System.Buffers;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Onnx;

namespace Switchyard.Testing;

/// <summary>
/// A runtime for the test-only flavor <c>gated</c>: a folder whose MLmodel names that flavor and
/// holds a real ONNX model folder in <c>inner/</c>. Loading (or each scoring call) waits until the
/// test opens the gate, so a rollout stays IN_PROGRESS, or requests stay in flight, exactly as
/// long as a test needs, on any machine.
/// </summary>
public sealed class GatedRuntime(bool gateScoring = false) : IModelRuntime
{
    private readonly OnnxModelRuntime _onnx = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waitingToScore;

    public string Flavor => "gated";

    /// <summary>Scoring calls now held at the gate.</summary>
    public int WaitingToScore => Volatile.Read(ref _waitingToScore);

    public void Open() => _gate.TrySetResult();

    public ArtifactDescription Inspect(string artifactDirectory)
    {
        var mlmodel = Path.Combine(artifactDirectory, "MLmodel");
        if (!File.Exists(mlmodel) || !File.ReadAllText(mlmodel).Contains("gated:", StringComparison.Ordinal))
        {
            throw ServingException.Invalid("not a gated test model");
        }

        return _onnx.Inspect(Path.Combine(artifactDirectory, "inner")) with { Flavor = Flavor };
    }

    public IServedModel Load(string artifactDirectory, ServedEntityConfig entity)
    {
        var inner = _onnx.Load(Path.Combine(artifactDirectory, "inner"));
        if (gateScoring)
        {
            return new GatedModel(inner, this);
        }

        _gate.Task.Wait(TimeSpan.FromSeconds(60));
        return inner;
    }

    /// <summary>Writes a gated model folder wrapping a sample model.</summary>
    public static string WriteModel(string folder, string innerSample)
    {
        var inner = Path.Combine(folder, "inner");
        Directory.CreateDirectory(inner);
        foreach (var file in Directory.GetFiles(innerSample))
        {
            File.Copy(file, Path.Combine(inner, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(folder, "MLmodel"), "flavors:\n  gated:\n    data: inner\n");
        return folder;
    }

    private sealed class GatedModel(ILoadedModel inner, GatedRuntime runtime) : ILoadedModel
    {
        public ModelSignature Signature => inner.Signature;

        public ScoreResult Score(ReadOnlyMemory<byte> requestJson, IBufferWriter<byte> answer)
        {
            Interlocked.Increment(ref runtime._waitingToScore);
            runtime._gate.Task.Wait(TimeSpan.FromSeconds(60));
            Interlocked.Decrement(ref runtime._waitingToScore);
            return inner.Score(requestJson, answer);
        }

        public void Dispose() => inner.Dispose();
    }
}
