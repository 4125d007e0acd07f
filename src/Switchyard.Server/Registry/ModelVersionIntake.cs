using Microsoft.Extensions.Options;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Registry;
using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Gguf;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Registry;

/// <summary>
/// Creates a model version from an uploaded tar.gz or a server-side folder: unpack or copy into
/// staging, have a runtime inspect it, move it into the store, record it. Any failure removes
/// what was written, so the registry and the store look as if nothing had been asked.
/// </summary>
public sealed partial class ModelVersionIntake(
    ModelStore store,
    IRegistryStore registry,
    IEnumerable<IModelRuntime> runtimes,
    TimeProvider time,
    IOptions<ServingOptions> options,
    ILogger<ModelVersionIntake> logger)
{
    private const string MlModelFile = "MLmodel";

    /// <summary>What <see cref="ModelVersion.Source"/> says of a version uploaded as an archive.</summary>
    public const string UploadSource = "upload";

    private readonly IModelRuntime[] _runtimes = [.. runtimes];

    public long MaxArtifactBytes => options.Value.MaxArtifactBytes;

    public Task<ModelVersion> FromArchiveAsync(ModelName name, Stream body, string? comment, string principal, CancellationToken ct) =>
        RegisterAsync(name, UploadSource, comment, principal, (staging, token) => ArtifactArchive.ExtractAsync(body, staging, MaxArtifactBytes, token), ct);

    /// <summary>
    /// A version copied from <paramref name="path"/>, the <see cref="ArtifactFolderCopy.PathOf"/> of
    /// <paramref name="source"/> that the caller has been allowed to read (<see cref="ModelSourceRoots"/>).
    /// </summary>
    public Task<ModelVersion> FromSourceAsync(ModelName name, string source, string path, string? comment, string principal, CancellationToken ct)
    {
        ArtifactFolderCopy.RequireFolderOrGguf(path, source);
        return ArtifactFolderCopy.IsGgufFile(path)
            ? RegisterAsync(name, source, comment, principal, (staging, token) => ArtifactFolderCopy.CopyFileAsync(path, staging, MaxArtifactBytes, token), ct)
            : RegisterAsync(name, source, comment, principal, (staging, token) => ArtifactFolderCopy.CopyAsync(path, staging, MaxArtifactBytes, token), ct);
    }

    private async Task<ModelVersion> RegisterAsync(
        ModelName name, string source, string? comment, string principal, Func<string, CancellationToken, Task> fill, CancellationToken ct)
    {
        // Fail fast before unpacking anything for a model that is not there.
        _ = await registry.GetModelAsync(name, ct) ?? throw ServingException.NotFound($"Registered model '{name}' does not exist.");

        var staging = store.CreateStagingFolder();
        string? location = null;
        try
        {
            try
            {
                await fill(staging, ct);
            }
            catch (UnauthorizedAccessException error)
            {
                throw ServingException.Invalid($"The model files cannot be read: {error.Message}");
            }

            var artifact = ArtifactRootOf(staging);
            var description = Inspect(artifact);
            location = store.Commit(artifact);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var version = await registry.AddVersionAsync(
                new ModelVersion(name, 0, source, location, description.Flavor, description.Signature, comment, now, principal, now, principal, [], description.Details),
                CancellationToken.None);
            location = null;
            Log.Registered(logger, name.FullName, version.Version, description.Flavor, version.StorageLocation);
            return version;
        }
        finally
        {
            if (location is not null)
            {
                store.Delete(location);
            }

            store.DeleteStaging(staging);
        }
    }

    /// <summary>
    /// MLmodel at the top, or inside the one top-level folder an archive of a folder has. A lone
    /// .gguf file (at the top or in that folder) without an MLmodel gets the one the CLI would write.
    /// </summary>
    private static string ArtifactRootOf(string staging)
    {
        if (File.Exists(Path.Combine(staging, MlModelFile)))
        {
            return staging;
        }

        var entries = Directory.GetFileSystemEntries(staging);
        if (entries.Length == 1 && Directory.Exists(entries[0]) && File.Exists(Path.Combine(entries[0], MlModelFile)))
        {
            return entries[0];
        }

        var folder = entries.Length == 1 && Directory.Exists(entries[0]) ? entries[0] : staging;
        var ggufFiles = Directory.GetFiles(folder, "*" + GgufArtifact.Extension);
        if (ggufFiles.Length == 1 && Directory.GetFileSystemEntries(folder).Length == 1)
        {
            File.WriteAllText(Path.Combine(folder, MlModelFile), GgufArtifact.MlModelFor(Path.GetFileName(ggufFiles[0])));
            return folder;
        }

        if (ggufFiles.Length > 1)
        {
            throw ServingException.Invalid(
                $"The model holds {ggufFiles.Length} .gguf files and no MLmodel naming one; a GGUF version is one .gguf file (an MLmodel beside it is optional).");
        }

        throw ServingException.Invalid(
            "The model has no MLmodel file at its root (nor inside a single top-level folder); an MLflow model directory or a .gguf file was expected.");
    }

    /// <summary>
    /// The first runtime that accepts the artifact describes it; if none does, the answer is the
    /// GGUF runtime's reason when the folder holds a .gguf file, else the ONNX runtime's.
    /// </summary>
    private ArtifactDescription Inspect(string artifact)
    {
        var preferred = Directory.GetFiles(artifact, "*" + GgufArtifact.Extension).Length > 0 ? GgufArtifact.FlavorName : "onnx";
        ServingException? refusal = null;
        foreach (var runtime in _runtimes)
        {
            try
            {
                return runtime.Inspect(artifact);
            }
            catch (ServingException error)
            {
                if (refusal is null || runtime.Flavor == preferred)
                {
                    refusal = error;
                }
            }
        }

        throw refusal ?? ServingException.Invalid("No model runtime is installed to serve this model.");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1111, Level = LogLevel.Information, Message = "Registered {Model} version {Version} ({Flavor}) in store folder {Location}")]
        public static partial void Registered(ILogger logger, string model, int version, string flavor, string location);
    }
}
