using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// Merges a partition's small files, once they are old enough, into one, so a table of many
/// one-second flushes reads as a few files. The merge is a journaled job, so a crash at any step
/// neither loses nor duplicates a row:
/// <list type="number">
/// <item>the merged file is written under its temporary name (a crash: the next start deletes it);</item>
/// <item>a journal <c>_compaction-&lt;id&gt;.json</c> names the merged file and its sources (written
/// under a temporary name and renamed, so it is whole or absent);</item>
/// <item>the merged file is renamed into place, the sources deleted, the journal deleted.</item>
/// </list>
/// At start-up <see cref="Recover"/> reads each journal left: when its merged file is in place the
/// job is finished (the sources left are deleted), otherwise it is undone (the sources stand, the
/// temporary merged file goes). Between the rename and the deletes (microseconds) a live reader may
/// see a row twice; never a missing row.
/// </summary>
public static class PayloadCompaction
{
    private const string JournalPrefix = "_compaction-";

    private const string JournalExtension = ".json";

    private const string MergedSuffix = "-merged";

    /// <summary>
    /// The most one merge reads, so its rows fit in memory. A merged file is never a source again:
    /// merging it with each new batch would read and rewrite the whole day every time.
    /// </summary>
    private const long MaxMergeBytes = 32L * 1024 * 1024;

    /// <summary>
    /// Merges the partition's flush files last written before <paramref name="olderThanUtc"/>, oldest
    /// first up to <see cref="MaxMergeBytes"/>, when there are two or more; answers how many were merged.
    /// </summary>
    public static async Task<int> CompactAsync(string partition, DateTime olderThanUtc, DateTimeOffset now, CancellationToken ct)
    {
        var candidates = new List<FileInfo>();
        foreach (var file in new DirectoryInfo(partition).EnumerateFiles("*" + InferenceTableLayout.FileExtension))
        {
            if (file.LastWriteTimeUtc < olderThanUtc && !Path.GetFileNameWithoutExtension(file.Name).EndsWith(MergedSuffix, StringComparison.Ordinal))
            {
                candidates.Add(file);
            }
        }

        candidates.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var sources = new List<FileInfo>();
        long bytes = 0;
        foreach (var file in candidates)
        {
            if (sources.Count > 0 && bytes + file.Length > MaxMergeBytes)
            {
                break;
            }

            sources.Add(file);
            bytes += file.Length;
        }

        if (sources.Count < 2)
        {
            return 0;
        }

        var rows = new List<InferenceRow>();
        foreach (var source in sources)
        {
            rows.AddRange(await PayloadFiles.ReadAsync(source.FullName, ct));
        }

        var target = Path.Combine(partition, PayloadFiles.NewName(now, MergedSuffix));
        await PayloadFiles.WriteTempAsync(target, rows, ct);
        var journal = Path.Combine(partition, JournalPrefix + Path.GetFileNameWithoutExtension(target) + JournalExtension);
        WriteJournal(journal, Path.GetFileName(target), sources);
        PayloadFiles.Publish(target);
        Finish(partition, sources.ConvertAll(static s => s.Name), journal);
        return sources.Count;
    }

    /// <summary>Finishes or undoes every journaled merge under <paramref name="root"/>, then deletes every temporary file left by a kill.</summary>
    public static void Recover(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var journal in Directory.EnumerateFiles(root, JournalPrefix + "*" + JournalExtension, SearchOption.AllDirectories))
        {
            var partition = Path.GetDirectoryName(journal)!;
            var job = JsonNode.Parse(File.ReadAllText(journal))!.AsObject();
            var target = Path.Combine(partition, (string)job["target"]!);
            if (File.Exists(target))
            {
                Finish(partition, job["sources"]!.AsArray().Select(static s => (string)s!).ToList(), journal);
            }
            else
            {
                File.Delete(journal);
            }
        }

        foreach (var temp in Directory.EnumerateFiles(root, "_*" + InferenceTableLayout.TempExtension, SearchOption.AllDirectories))
        {
            File.Delete(temp);
        }
    }

    private static void WriteJournal(string journal, string target, List<FileInfo> sources)
    {
        var job = new JsonObject
        {
            ["target"] = target,
            ["sources"] = new JsonArray([.. sources.Select(static s => JsonValue.Create(s.Name))]),
        };
        var temp = journal + InferenceTableLayout.TempExtension;
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        using (var writer = new Utf8JsonWriter(file))
        {
            job.WriteTo(writer);
            writer.Flush();
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, journal);
    }

    private static void Finish(string partition, IEnumerable<string> sources, string journal)
    {
        foreach (var source in sources)
        {
            File.Delete(Path.Combine(partition, source));
        }

        File.Delete(journal);
    }
}
