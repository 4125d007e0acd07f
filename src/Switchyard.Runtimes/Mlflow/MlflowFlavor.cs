namespace Switchyard.Runtimes.Mlflow;

/// <summary>One flavor of an MLmodel file: its name and its scalar settings (lists and maps are left out).</summary>
public sealed record MlflowFlavor(string Name, IReadOnlyDictionary<string, string?> Settings)
{
    /// <summary>The flavor's <c>data</c> entry: the model file or folder, relative to the artifact folder.</summary>
    public string? Data => Settings.TryGetValue("data", out var data) ? data : null;
}
