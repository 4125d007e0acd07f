using System.Globalization;
using Parquet;
using Parquet.Serialization;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// Writes and reads one Parquet file of inference rows. A file is written whole under a temporary
/// name (<c>_…​.tmp</c>), flushed to disk, then renamed into place: a rename is atomic, so a reader
/// sees the whole file or none of it, and a kill at any moment leaves every <c>.parquet</c> file
/// complete (at worst a temporary file, removed at the next start).
/// </summary>
public static class PayloadFiles
{
    private static readonly ParquetOptions ReadOptions = new() { UseDateOnlyTypeForDates = true };

    /// <summary>A new file name, ordered by time: <c>&lt;unix ms&gt;-&lt;random&gt;.parquet</c> (the suffix names a merged file).</summary>
    public static string NewName(DateTimeOffset now, string suffix = "") =>
        now.ToUnixTimeMilliseconds().ToString("D13", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..12]
        + suffix + InferenceTableLayout.FileExtension;

    /// <summary>The temporary name a file is written under before its rename.</summary>
    public static string TempPathOf(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, "_" + Path.GetFileName(path) + InferenceTableLayout.TempExtension);

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/>'s temporary name, flushed to disk, without renaming it.</summary>
    public static async Task WriteTempAsync(string path, IReadOnlyCollection<InferenceRow> rows, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = new FileStream(TempPathOf(path), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await ParquetSerializer.SerializeAsync(rows, file, cancellationToken: ct);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Moves a written temporary file into place: from now on readers see it.</summary>
    public static void Publish(string path) => File.Move(TempPathOf(path), path);

    /// <summary>Writes a new file of <paramref name="rows"/> and publishes it.</summary>
    public static async Task WriteAsync(string path, IReadOnlyCollection<InferenceRow> rows, CancellationToken ct)
    {
        await WriteTempAsync(path, rows, ct);
        Publish(path);
    }

    public static async Task<IList<InferenceRow>> ReadAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return (await ParquetSerializer.DeserializeAsync<InferenceRow>(file, ReadOptions, cancellationToken: ct)).Data;
    }
}
