using System.ComponentModel.DataAnnotations;

namespace Switchyard.Server.Hosting;

/// <summary>
/// Server settings, bound from the <c>Switchyard</c> configuration section (appsettings.json,
/// <c>SWITCHYARD__*</c> environment variables, or command-line flags such as <c>--data-dir</c>).
/// </summary>
public sealed class ServingOptions
{
    public const string Section = "Switchyard";

    /// <summary>Folder holding the SQLite database and the model store.</summary>
    [Required]
    public string DataDir { get; set; } = "data";

    /// <summary>How long a scale-to-zero entity may sit idle before it unloads.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "365.00:00:00")]
    public TimeSpan ScaleToZeroIdle { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Requests that may wait for a busy served entity, per concurrency slot, before 429.</summary>
    [Range(0, 10_000)]
    public int QueueDepthPerSlot { get; set; } = 16;

    /// <summary>
    /// Largest model artifact accepted when a version is created, in bytes: the upload itself and
    /// the unpacked (or copied) files in total. Guards the disk against archive bombs.
    /// </summary>
    [Range(typeof(long), "1", "1099511627776")]
    public long MaxArtifactBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    public string DatabasePath => Path.Combine(DataDir, "switchyard.db");

    public string ModelStoreDir => Path.Combine(DataDir, "models");

    public string StagingDir => Path.Combine(DataDir, "staging");
}
