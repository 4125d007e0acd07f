using System.Buffers;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Runtimes;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// Dynamic batching for one loaded model. Queries join the open batch; a batch runs when it is
/// full, when a run ends (the runner takes the next batch at once: the queries that came during a
/// run are the window), or, while a runner is idle, soon (max delay 0) or after the max delay.
/// A query alone on the model runs soon: batching never makes a lone query wait out a timer.
/// "Soon" is behind the work already queued on the thread pool. When the pool's threads are all
/// busy, the requests that came with this query are queued there, so they are read and join its
/// batch first (a run started at once held the only free thread while they waited, and on a
/// 2-core box under load every query then ran alone); on an idle pool it is at once. At most
/// <c>runs</c> batches run at a time, <c>fullRuns</c> when the batch is full; a closed batch waits
/// in line for a runner.
/// </summary>
/// <param name="runs">Runs that may go at once.</param>
/// <param name="fullRuns">Runs that may go at once when the next batch is full (more queries wait than one runner keeps up with).</param>
internal sealed class OnnxBatcher(OnnxLoadedModel model, DynamicBatching batching, int runs, int fullRuns)
{
    private readonly Lock _lock = new();
    private readonly Queue<OnnxBatch> _closed = new();
    private OnnxBatch? _open;
    private int _running;

    // Queries inside the batcher: waiting, running, or writing their answers.
    private int _inside;

    // What the batches did, for the entity's metrics.
    private long _runs;
    private long _queries;
    private long _rows;

    /// <summary>Adds the batcher's counters: runs, the queries and rows they carried.</summary>
    public void Report(ICollection<ServedMetric> metrics)
    {
        metrics.Add(new ServedMetric("batch_runs_total", Interlocked.Read(ref _runs), "Model runs made by dynamic batching.", IsCounter: true));
        metrics.Add(new ServedMetric("batched_queries_total", Interlocked.Read(ref _queries), "Queries answered by those runs.", IsCounter: true));
        metrics.Add(new ServedMetric("batched_rows_total", Interlocked.Read(ref _rows), "Input rows those runs carried.", IsCounter: true));
    }

    public async ValueTask<ScoreResult> ScoreAsync(OnnxBoundInputs inputs, IBufferWriter<byte> answer)
    {
        if (!OnnxBatch.TryCountRows(inputs, out var rows) || rows > batching.MaxBatchSize)
        {
            // Inputs whose rows do not line up, or more rows than one run takes: a run of their own.
            return model.Run(inputs, answer);
        }

        OnnxBatch batch;
        int index;
        OnnxBatch? runNow = null;
        OnnxBatch? runFirst = null;
        var closes = Closing.ByOthers;
        lock (_lock)
        {
            _inside++;
            if (_open is { } open && !open.Accepts(inputs, rows, batching.MaxBatchSize))
            {
                runFirst = CloseOpen();
            }

            var opened = _open is null;
            batch = _open ??= new OnnxBatch();
            index = batch.Add(inputs, rows);
            // A batch runs at once when it is full. A new batch runs soon when its query is alone on the
            // model, or when a runner is free and the batching does not wait for company (max delay 0);
            // with a delay it waits for others while a runner is free, and otherwise for the next runner.
            var runnerFree = _running < runs;
            if (batch.Rows >= batching.MaxBatchSize)
            {
                runNow = CloseOpen();
            }
            else if (opened && (_inside == 1 || (runnerFree && batching.MaxDelay == TimeSpan.Zero)))
            {
                closes = Closing.BehindQueuedWork;
            }
            else if (opened && runnerFree)
            {
                closes = Closing.AfterMaxDelay;
            }
        }

        try
        {
            if (runFirst is not null)
            {
                RunThenNext(runFirst);
            }

            if (runNow is not null)
            {
                RunThenNext(runNow);
            }
            else if (closes == Closing.BehindQueuedWork)
            {
                // Task.Yield on the default scheduler (no synchronization context here) queues to the back of
                // the thread pool's global queue, behind the reads of the requests that came meanwhile.
                await Task.Yield();
                RunIfStillOpen(batch);
            }
            else if (closes == Closing.AfterMaxDelay)
            {
                await Task.Delay(batching.MaxDelay);
                RunIfStillOpen(batch);
            }

            await batch.Ran;
            return batch.Answer(model, index, answer);
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }
    }

    /// <summary>Closes and runs the batch unless it was closed meanwhile (full, or taken by a runner that came free).</summary>
    private void RunIfStillOpen(OnnxBatch batch)
    {
        OnnxBatch? due = null;
        lock (_lock)
        {
            if (ReferenceEquals(_open, batch))
            {
                due = CloseOpen();
            }
        }

        if (due is not null)
        {
            RunThenNext(due);
        }
    }

    /// <summary>
    /// Under the lock: closes the open batch; answers it when a runner is free to run it now (counted as
    /// running), else queues it. A full batch may take a runner beyond <c>runs</c>, up to <c>fullRuns</c>.
    /// </summary>
    private OnnxBatch? CloseOpen()
    {
        var batch = _open!;
        _open = null;
        if (_running < (batch.Rows >= batching.MaxBatchSize ? fullRuns : runs))
        {
            _running++;
            return batch;
        }

        _closed.Enqueue(batch);
        return null;
    }

    /// <summary>Under the lock: the open batch, closed, when a query waits in it; the queries that came during a run go next without waiting out the delay.</summary>
    private OnnxBatch? TakeOpen()
    {
        if (_open is not { Count: > 0 } open)
        {
            return null;
        }

        _open = null;
        return open;
    }

    /// <summary>Runs a batch on this thread; then hands the next one (queued, or the open one) to the thread pool, or frees the runner.</summary>
    private void RunThenNext(OnnxBatch batch)
    {
        batch.Run(model);
        Interlocked.Increment(ref _runs);
        Interlocked.Add(ref _queries, batch.Count);
        Interlocked.Add(ref _rows, batch.Rows);
        OnnxBatch? next;
        lock (_lock)
        {
            next = _closed.Count > 0 ? _closed.Dequeue() : TakeOpen();
            if (next is null)
            {
                _running--;
            }
        }

        if (next is not null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Batcher.RunThenNext(state.Next), (Batcher: this, Next: next), preferLocal: false);
        }
    }

    /// <summary>Who closes the batch a query joined.</summary>
    private enum Closing
    {
        /// <summary>A query that joined before, a full batch, or a runner that comes free.</summary>
        ByOthers,

        /// <summary>This query, behind the work already queued on the thread pool.</summary>
        BehindQueuedWork,

        /// <summary>This query, after the max delay.</summary>
        AfterMaxDelay,
    }
}
