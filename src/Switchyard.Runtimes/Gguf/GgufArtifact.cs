using System.Globalization;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Mlflow;

namespace Switchyard.Runtimes.Gguf;

/// <summary>
/// A GGUF model version's artifact folder: an MLmodel whose <c>gguf</c> flavor names the weights
/// file (<c>model_file</c>, as the CLI writes it) and may set <c>throughput_chunk_size</c>, and
/// the .gguf file beside it.
/// </summary>
public sealed record GgufArtifact(string ModelPath, int? ThroughputChunkSize)
{
    /// <summary>The MLflow flavor of a GGUF foundation model version.</summary>
    public const string FlavorName = "gguf";

    /// <summary>The flavor setting naming the weights file.</summary>
    public const string ModelFileKey = "model_file";

    /// <summary>The flavor setting overriding the provisioned-throughput chunk size.</summary>
    public const string ChunkSizeKey = "throughput_chunk_size";

    /// <summary>The extension of a GGUF file.</summary>
    public const string Extension = ".gguf";

    /// <summary>
    /// Checks an artifact folder in managed code (llama.cpp crashes on some malformed files) and
    /// describes it, without loading it.
    /// </summary>
    public static ArtifactDescription Describe(string artifactDirectory)
    {
        var artifact = Read(artifactDirectory);
        var details = GgufInspector.Inspect(artifact.ModelPath) with { ThroughputChunkSize = artifact.ThroughputChunkSize };
        return new ArtifactDescription(FlavorName, new ModelSignature([], []), details);
    }

    /// <summary>Reads the MLmodel of an artifact folder; refuses one without a usable gguf flavor.</summary>
    public static GgufArtifact Read(string artifactDirectory)
    {
        var mlModel = MlModelFile.Read(artifactDirectory);
        if (!mlModel.Flavors.TryGetValue(FlavorName, out var flavor))
        {
            throw ServingException.Invalid($"MLmodel has no gguf flavor (it has: {mlModel.FlavorList})");
        }

        var fileName = flavor.Settings.GetValueOrDefault(ModelFileKey) ?? flavor.Data
            ?? throw ServingException.Invalid("MLmodel's gguf flavor does not name its model_file");
        var path = ArtifactPath.ResolveFile(artifactDirectory, fileName, "gguf model_file");

        int? chunk = null;
        if (flavor.Settings.GetValueOrDefault(ChunkSizeKey) is { } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                || parsed <= 0 || parsed > ThroughputChunks.MaxTokensPerSecond)
            {
                throw ServingException.Invalid(
                    $"MLmodel's gguf flavor sets {ChunkSizeKey} to '{text}'; a whole number of tokens per second from 1 to {ThroughputChunks.MaxTokensPerSecond} is required");
            }

            chunk = parsed;
        }

        return new GgufArtifact(path, chunk);
    }

    /// <summary>The MLmodel written for a GGUF file registered without one (the same as the CLI writes).</summary>
    public static string MlModelFor(string modelFileName) =>
        $"flavors:\n  gguf:\n    model_file: '{modelFileName.Replace("'", "''", StringComparison.Ordinal)}'\n";
}
