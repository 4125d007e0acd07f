using System.Globalization;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// Where an inference table's files lie under the data folder, so any Parquet reader finds them:
/// <c>&lt;data&gt;/inference-tables/&lt;catalog&gt;/&lt;schema&gt;/&lt;prefix&gt;_payload/request_date=YYYY-MM-DD/*.parquet</c>
/// (a hive-style partition per UTC day). Only files ending in <c>.parquet</c> are rows: a file
/// being written or merged has a name starting with <c>_</c> and ending in <c>.tmp</c>, and a
/// compaction's journal ends in <c>.json</c>, so readers globbing <c>*.parquet</c> never see them.
/// </summary>
public static class InferenceTableLayout
{
    public const string RootFolderName = "inference-tables";

    public const string PartitionPrefix = "request_date=";

    public const string FileExtension = ".parquet";

    public const string TempExtension = ".tmp";

    public static string Root(string dataDir) => Path.Combine(dataDir, RootFolderName);

    /// <summary>The payload table's folder: one folder per name part, each part made safe for a path.</summary>
    public static string TableFolder(string dataDir, InferenceTableConfig table) =>
        Path.Combine(Root(dataDir), Part(table.Catalog), Part(table.Schema), Part(table.Prefix + "_payload"));

    public static string PartitionFolder(string tableFolder, DateOnly day) =>
        Path.Combine(tableFolder, PartitionPrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>A name part as a folder name: never a path of its own (no separator, no <c>.</c> or <c>..</c>).</summary>
    private static string Part(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        return escaped is "" or "." or ".." ? escaped.Replace(".", "%2E", StringComparison.Ordinal) + "_" : escaped;
    }
}
