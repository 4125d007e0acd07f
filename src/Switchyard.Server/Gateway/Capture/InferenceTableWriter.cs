using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Switchyard.Core.Gateway;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// Writes the inference tables. A query's row goes into a bounded queue (a full queue drops the
/// row and counts it: the query never waits on the table); a background loop takes what is queued
/// every <see cref="InferenceTableOptions.FlushInterval"/> and writes one new Parquet file per
/// table and day (<see cref="PayloadFiles"/>: temporary name, then rename), and now and then
/// merges old small files (<see cref="PayloadCompaction"/>). Start-up finishes or undoes a merge a
/// kill interrupted; a graceful stop writes every row still queued.
/// </summary>
public sealed partial class InferenceTableWriter : IHostedService, IDisposable
{
    private readonly Channel<QueuedRow> _queue;
    private readonly InferenceTableOptions _options;
    private readonly InferenceTableCounters _counters;
    private readonly ILogger<InferenceTableWriter> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly bool _shared;
    private Task _loop = Task.CompletedTask;

    public InferenceTableWriter(
        IOptions<ServingOptions> serving, IOptions<InferenceTableOptions> options, InferenceTableCounters counters,
        ILogger<InferenceTableWriter> logger)
    {
        _options = options.Value;
        _counters = counters;
        _logger = logger;
        DataDir = serving.Value.DataDir;
        // Replicas sharing the data folder (and a database) write beside each other: each flush is a
        // file of its own (unique names), but merging files, or deleting leftovers at start-up, could
        // take another replica's; shared folders are left unmerged (see docs/operations.md).
        _shared = serving.Value.SharesDatabase;
        _queue = Channel.CreateBounded<QueuedRow>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string DataDir { get; }

    /// <summary>The folder of <paramref name="table"/>'s files.</summary>
    public string FolderOf(InferenceTableConfig table) => InferenceTableLayout.TableFolder(DataDir, table);

    /// <summary>Queues a row of <paramref name="endpoint"/>'s table; never blocks: a full queue drops it (counted).</summary>
    public void Append(string endpoint, InferenceTableConfig table, InferenceRow row)
    {
        if (!_queue.Writer.TryWrite(new QueuedRow(endpoint, table, row)))
        {
            _counters.Dropped(endpoint);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_shared)
        {
            PayloadCompaction.Recover(InferenceTableLayout.Root(DataDir));
        }

        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops the loop, which writes what is still queued before it ends.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync()
    {
        // Files are named, aged and merged by wall-clock time, whatever TimeProvider stamps the rows.
        var nextCompaction = DateTime.UtcNow + _options.CompactEvery;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.FlushInterval, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await FlushAsync();
            if (!_shared && DateTime.UtcNow >= nextCompaction)
            {
                await CompactAsync();
                nextCompaction = DateTime.UtcNow + _options.CompactEvery;
            }
        }

        await FlushAsync();
    }

    /// <summary>Writes every queued row: one new file per table folder and day.</summary>
    private async Task FlushAsync()
    {
        if (!_queue.Reader.TryPeek(out _))
        {
            return;
        }

        var batches = new Dictionary<(string Folder, DateOnly Day), List<QueuedRow>>();
        while (_queue.Reader.TryRead(out var queued))
        {
            var key = (FolderOf(queued.Table), queued.Row.RequestDate);
            if (!batches.TryGetValue(key, out var batch))
            {
                batches[key] = batch = [];
            }

            batch.Add(queued);
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var ((folder, day), batch) in batches)
        {
            var path = Path.Combine(InferenceTableLayout.PartitionFolder(folder, day), PayloadFiles.NewName(now));
            try
            {
                await PayloadFiles.WriteAsync(path, batch.ConvertAll(static q => q.Row), CancellationToken.None);
                Count(batch, _counters.Written);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                Log.WriteFailed(_logger, folder, batch.Count, error);
                Count(batch, _counters.Dropped);
            }
        }
    }

    private async Task CompactAsync()
    {
        var root = InferenceTableLayout.Root(DataDir);
        if (!Directory.Exists(root))
        {
            return;
        }

        var olderThan = DateTime.UtcNow - _options.CompactAfter;
        foreach (var partition in Directory.EnumerateDirectories(root, InferenceTableLayout.PartitionPrefix + "*", SearchOption.AllDirectories))
        {
            try
            {
                await PayloadCompaction.CompactAsync(partition, olderThan, DateTimeOffset.UtcNow, CancellationToken.None);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or Parquet.ParquetException)
            {
                // The sources stand (the merge is journaled); the next round tries again.
                Log.CompactionFailed(_logger, partition, error);
            }
        }
    }

    private static void Count(List<QueuedRow> batch, Action<string, long> count)
    {
        foreach (var queued in batch)
        {
            count(queued.Endpoint, 1);
        }
    }

    private readonly record struct QueuedRow(string Endpoint, InferenceTableConfig Table, InferenceRow Row);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Could not write {Rows} inference rows under {Folder}; they are counted as dropped")]
        public static partial void WriteFailed(ILogger logger, string folder, int rows, Exception error);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Could not merge the inference files of {Partition}; they stay as they are")]
        public static partial void CompactionFailed(ILogger logger, string partition, Exception error);
    }
}
