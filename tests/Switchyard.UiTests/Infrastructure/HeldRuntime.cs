using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Onnx;

namespace Switchyard.UiTests.Infrastructure;

/// <summary>
/// Serves the test-only flavor <c>held</c>: an ONNX sample in <c>inner/</c> whose loading waits
/// until <see cref="Release"/>, so an update stays IN_PROGRESS while the test looks at the page.
/// </summary>
public sealed class HeldRuntime : IModelRuntime
{
    private readonly OnnxModelRuntime _onnx = new();
    private readonly ManualResetEventSlim _released = new();

    public string Flavor => "held";

    public void Release() => _released.Set();

    public ArtifactDescription Inspect(string artifactDirectory)
    {
        var mlmodel = File.ReadAllText(Path.Combine(artifactDirectory, "MLmodel"));
        if (!mlmodel.Contains("held:", StringComparison.Ordinal))
        {
            throw Core.Errors.ServingException.Invalid("not a held test model");
        }

        return _onnx.Inspect(Path.Combine(artifactDirectory, "inner")) with { Flavor = Flavor };
    }

    public ILoadedModel Load(string artifactDirectory)
    {
        // Bounded, so a failing test cannot hang the run.
        _released.Wait(TimeSpan.FromSeconds(60));
        return _onnx.Load(Path.Combine(artifactDirectory, "inner"));
    }

    /// <summary>Writes a held model folder around one of the samples and answers its path.</summary>
    public static string WriteModel(string folder, string sample)
    {
        var inner = Path.Combine(folder, "inner");
        Directory.CreateDirectory(inner);
        foreach (var file in Directory.GetFiles(sample))
        {
            File.Copy(file, Path.Combine(inner, Path.GetFileName(file)), overwrite: true);
        }

        File.WriteAllText(Path.Combine(folder, "MLmodel"), "flavors:\n  held:\n    data: inner\n");
        return folder;
    }
}
