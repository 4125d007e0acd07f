using System.Text.Json.Nodes;
using Switchyard.Server.Gateway.Capture;

namespace Switchyard.Server.Tests.Gateway.Capture;

/// <summary>
/// Merging a partition's small files, and a start after a kill at each step of a merge: never a
/// row lost, never a row twice, never a partial file left for a reader.
/// </summary>
public sealed class PayloadCompactionTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "switchyard-tests", "compaction-" + Guid.NewGuid().ToString("N"));

    private string Partition => Path.Combine(_root, "main", "default", "t_payload", "request_date=2026-01-02");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Old_small_files_are_merged_into_one_with_every_row()
    {
        var ids = await WriteSourcesAsync(3);

        var merged = await PayloadCompaction.CompactAsync(Partition, DateTime.UtcNow.AddSeconds(1), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(3, merged);
        var file = Assert.Single(Directory.GetFiles(Partition));
        Assert.EndsWith("-merged.parquet", file, StringComparison.Ordinal);
        Assert.Equal(ids, TableRow.FromFile(file).Select(r => r.RequestId).Order());
    }

    [Fact]
    public async Task Files_younger_than_the_age_are_left_alone()
    {
        await WriteSourcesAsync(3);

        var merged = await PayloadCompaction.CompactAsync(Partition, DateTime.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(0, merged);
        Assert.Equal(3, Directory.GetFiles(Partition).Length);
    }

    [Fact]
    public async Task A_kill_before_the_journal_leaves_the_sources_and_the_start_removes_the_temporary_file()
    {
        var ids = await WriteSourcesAsync(3);
        await PayloadFiles.WriteTempAsync(Path.Combine(Partition, "9-merged.parquet"), [.. ids.Select(Row)], CancellationToken.None);

        PayloadCompaction.Recover(_root);

        Assert.Equal(ids, ReadAll());
        Assert.DoesNotContain(Directory.GetFiles(Partition), f => !f.EndsWith(".parquet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_kill_after_the_journal_but_before_the_rename_is_undone()
    {
        var ids = await WriteSourcesAsync(3);
        var target = Path.Combine(Partition, "9-merged.parquet");
        await PayloadFiles.WriteTempAsync(target, [.. ids.Select(Row)], CancellationToken.None);
        WriteJournal("9-merged.parquet", Directory.GetFiles(Partition, "*.parquet"));

        PayloadCompaction.Recover(_root);

        Assert.Equal(ids, ReadAll());
        Assert.False(File.Exists(target));
        Assert.Equal(3, Directory.GetFiles(Partition).Length);
    }

    [Fact]
    public async Task A_kill_after_the_rename_is_finished_by_the_next_start()
    {
        var ids = await WriteSourcesAsync(3);
        var sources = Directory.GetFiles(Partition, "*.parquet");
        await PayloadFiles.WriteAsync(Path.Combine(Partition, "9-merged.parquet"), [.. ids.Select(Row)], CancellationToken.None);
        WriteJournal("9-merged.parquet", sources);
        // Killed after deleting the first source only.
        File.Delete(sources[0]);

        PayloadCompaction.Recover(_root);

        Assert.Equal(ids, ReadAll());
        Assert.Equal([Path.Combine(Partition, "9-merged.parquet")], Directory.GetFiles(Partition));
    }

    private async Task<List<string>> WriteSourcesAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var rows = new[] { Row($"r{i}a"), Row($"r{i}b") };
            await PayloadFiles.WriteAsync(Path.Combine(Partition, $"{i}-source.parquet"), rows, CancellationToken.None);
            ids.AddRange(rows.Select(r => r.DatabricksRequestId));
        }

        return [.. ids.Order()];
    }

    /// <summary>The journal as a merge writes it: the merged file's name and its sources' names.</summary>
    private void WriteJournal(string target, IEnumerable<string> sources) =>
        File.WriteAllText(Path.Combine(Partition, $"_compaction-{Path.GetFileNameWithoutExtension(target)}.json"), new JsonObject
        {
            ["target"] = target,
            ["sources"] = new JsonArray([.. sources.Select(s => JsonValue.Create(Path.GetFileName(s)))]),
        }.ToJsonString());

    private List<string> ReadAll() => [.. TableRow.FromFiles(_root).Select(r => r.RequestId).Order()];

    private static InferenceRow Row(string id) => new()
    {
        RequestDate = new DateOnly(2026, 1, 2),
        DatabricksRequestId = id,
        RequestTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        StatusCode = 200,
        SamplingFraction = 1,
        Request = "{}",
        Response = "{}",
        ServedEntityId = "e",
        Requester = "me",
    };
}
