using System.ComponentModel.DataAnnotations;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// How the inference tables are written, bound from <c>Switchyard:InferenceTables</c>. The defaults
/// are the documented guarantees: a row is in a closed file within <see cref="FlushInterval"/> (plus
/// the write) of its answer, well inside 2 s.
/// </summary>
public sealed class InferenceTableOptions
{
    public const string Section = "Switchyard:InferenceTables";

    /// <summary>How often queued rows are written to a new file.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:01")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Rows waiting to be written; past it a row is dropped and counted, never waited for.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>A partition's files older than this are merged into one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CompactAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the partitions are looked over for files to merge.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan CompactEvery { get; set; } = TimeSpan.FromSeconds(30);
}
