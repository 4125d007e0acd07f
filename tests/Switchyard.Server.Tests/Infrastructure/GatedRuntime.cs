using Switchyard.Core.Errors;
using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Onnx;

namespace Switchyard.Server.Tests.Infrastructure;

/// <summary>
/// A runtime for the test-only flavor <c>gated</c>: a folder whose MLmodel names that flavor and
/// holds a real ONNX model folder in <c>inner/</c>. Loading waits until the test opens the gate,
/// so a rollout stays IN_PROGRESS exactly as long as a test needs, on any machine.
/// </summary>
public sealed class GatedRuntime : IModelRuntime
{
    private readonly OnnxModelRuntime _onnx = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Flavor => "gated";

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

    public ILoadedModel Load(string artifactDirectory)
    {
        _gate.Task.Wait(TimeSpan.FromSeconds(60));
        return _onnx.Load(Path.Combine(artifactDirectory, "inner"));
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
}
