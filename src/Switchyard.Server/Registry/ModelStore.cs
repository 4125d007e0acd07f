using Microsoft.Extensions.Options;
using Switchyard.Core.Errors;
using Switchyard.Core.Registry;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Registry;

/// <summary>
/// The model versions' artifact folders under <see cref="ServingOptions.ModelStoreDir"/>. Each
/// version lives in a fresh folder named by a GUID and never changes; its
/// <see cref="ModelVersion.StorageLocation"/> is that folder name alone, relative to the store
/// root, so the data folder can move. New artifacts are prepared under
/// <see cref="ServingOptions.StagingDir"/> (same volume) and moved in whole, so no replica ever
/// sees half an artifact. Replicas on a shared database share the store (one volume): each stages
/// under a folder of its own, and tidies only its own staging and store folders old enough that no
/// replica can still be recording them.
/// </summary>
public sealed partial class ModelStore : IArtifactLocator
{
    /// <summary>How old an unreferenced store folder must be before a replica sharing the store removes it (a version is recorded within seconds of its move).</summary>
    private static readonly TimeSpan SharedLeftoverAge = TimeSpan.FromHours(1);

    private readonly ILogger<ModelStore> _logger;
    private readonly bool _shared;

    public ModelStore(IOptions<ServingOptions> options, ILogger<ModelStore> logger)
    {
        _logger = logger;
        _shared = options.Value.SharesDatabase;
        Root = Path.GetFullPath(options.Value.ModelStoreDir);
        StagingRoot = Path.GetFullPath(_shared ? Path.Combine(options.Value.StagingDir, options.Value.ReplicaNameOrDefault) : options.Value.StagingDir);
    }

    /// <summary>Absolute path of the folder holding every version's artifact folder.</summary>
    public string Root { get; }

    /// <summary>Absolute path of the folder where uploads are unpacked before they are checked.</summary>
    public string StagingRoot { get; }

    /// <summary>The absolute folder of a version's artifact (an MLflow model directory with <c>MLmodel</c> at its root).</summary>
    public string DirectoryOf(ModelVersion version) => DirectoryOf(version.StorageLocation);

    /// <summary>The absolute folder of a stored location; refuses anything but a plain folder name.</summary>
    public string DirectoryOf(string storageLocation)
    {
        if (string.IsNullOrEmpty(storageLocation) || storageLocation != Path.GetFileName(storageLocation)
            || storageLocation is "." or "..")
        {
            throw new ServingException(ErrorCode.InternalError, $"Storage location '{storageLocation}' is not a folder of the model store.");
        }

        return Path.Combine(Root, storageLocation);
    }

    /// <summary>Creates an empty folder of its own under the staging root.</summary>
    internal string CreateStagingFolder()
    {
        var folder = Path.Combine(StagingRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Moves a checked artifact folder into the store; answers its new storage location.</summary>
    internal string Commit(string artifactFolder)
    {
        Directory.CreateDirectory(Root);
        FlushToDisk(artifactFolder);
        var location = Guid.NewGuid().ToString("N");
        Directory.Move(artifactFolder, Path.Combine(Root, location));
        return location;
    }

    /// <summary>
    /// Forces the artifact's bytes to disk before the version is recorded, so that a version the
    /// registry has acknowledged never points at files a crash left half-written.
    /// </summary>
    private static void FlushToDisk(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Removes a version's folder. A failure is logged, not thrown: start-up removes what is left.</summary>
    internal void Delete(string storageLocation) => DeleteFolder(DirectoryOf(storageLocation));

    /// <summary>Removes a staging folder, logging rather than throwing for the same reason.</summary>
    internal void DeleteStaging(string stagingFolder) => DeleteFolder(stagingFolder);

    /// <summary>
    /// Removes every staging folder (no upload survives a restart) and every store folder that no
    /// version refers to (a crash between moving an artifact in and recording it, or a failed delete).
    /// </summary>
    internal async Task RemoveLeftoversAsync(IRegistryStore registry, CancellationToken ct)
    {
        if (Directory.Exists(StagingRoot))
        {
            foreach (var folder in Directory.EnumerateFileSystemEntries(StagingRoot))
            {
                Log.RemovingLeftover(_logger, folder);
                DeleteFolder(folder);
            }
        }

        if (!Directory.Exists(Root))
        {
            return;
        }

        var referenced = new HashSet<string>(await registry.ListStorageLocationsAsync(ct), StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateFileSystemEntries(Root))
        {
            if (!referenced.Contains(Path.GetFileName(folder))
                && (!_shared || DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > SharedLeftoverAge))
            {
                Log.RemovingLeftover(_logger, folder);
                DeleteFolder(folder);
            }
        }
    }

    private void DeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Log.DeleteFailed(_logger, path, error);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Removing leftover model store entry {Path}")]
        public static partial void RemovingLeftover(ILogger logger, string path);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Could not delete {Path}; start-up will retry")]
        public static partial void DeleteFailed(ILogger logger, string path, Exception error);
    }
}
