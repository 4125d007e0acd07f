using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Experiments;
using Switchyard.Core.Identity;
using Switchyard.Server.Experiments.OutputDiff;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Experiments.Replays;

/// <summary>
/// Runs replay jobs in the background, one task each: reads the captured requests, sends each to
/// the target entity through <see cref="EntityCall"/> (one at a time, at most <c>rate_limit_rps</c>
/// a second on the server's <see cref="TimeProvider"/>), stores each output pair under
/// <c>replay:&lt;id&gt;</c> and, at the end, the report in the job's row. Progress is written to the
/// store about once a second, so a list or a restart sees it. At start-up a job the store still
/// holds as RUNNING ran when the server stopped (a kill): it is marked FAILED; a graceful stop
/// cancels the running jobs and marks them FAILED the same way.
/// </summary>
public sealed partial class ReplayJobs(
    IReplayStore store, IOutputPairStore pairs, EntityCall calls, EndpointDirectory directory, TimeProvider time,
    ILogger<ReplayJobs> logger) : IHostedService
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string FailedState = "FAILED";
    public const string Cancelled = "CANCELLED";

    public const string StoppedMessage = "The server stopped while this replay was running; start a new replay.";

    /// <summary>Pairs stored per write.</summary>
    private const int PairBatch = 200;

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ReplayJob> _running = new(StringComparer.Ordinal);
    private volatile bool _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var interrupted = await store.FailRunningAsync(StoppedMessage, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        if (interrupted > 0)
        {
            Log.Interrupted(logger, interrupted);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        foreach (var job in _running.Values)
        {
            await job.Cancel.CancelAsync();
        }

        await Task.WhenAll(_running.Values.Select(static j => j.Run)).WaitAsync(cancellationToken);
    }

    /// <summary>Stores a new RUNNING job and starts it; answers its first record.</summary>
    public async Task<ReplayRecord> LaunchAsync(EndpointSnapshot endpoint, ReplayRequest request, string tableFolder, CallerIdentity caller, CancellationToken ct)
    {
        if (_stopping)
        {
            throw new ServingException(ErrorCode.TemporarilyUnavailable, "The server is stopping; start the replay once it is back.");
        }

        var record = new ReplayRecord(
            Guid.NewGuid().ToString("N"), endpoint.Endpoint.Id, endpoint.Name, Running, request.ToJson().ToJsonString(),
            0, 0, 0, 0, time.GetUtcNow().ToUnixTimeMilliseconds(), null, null, null);
        await store.SaveAsync(record, ct);
        var job = new ReplayJob(record, request, tableFolder, caller);
        _running[record.ReplayId] = job;
        job.Run = Task.Run(() => RunAsync(job), CancellationToken.None);
        return record;
    }

    /// <summary>The replay as it stands: the running job's counts, else the stored row; null when the endpoint has none of that id.</summary>
    public async Task<ReplayRecord?> FindAsync(string endpointId, string replayId, CancellationToken ct)
    {
        if (_running.TryGetValue(replayId, out var job) && job.Record.EndpointId == endpointId)
        {
            return job.Progress();
        }

        return await store.FindAsync(endpointId, replayId, ct);
    }

    public async Task<IReadOnlyList<ReplayRecord>> ListAsync(string endpointId, int maxResults, CancellationToken ct)
    {
        var stored = await store.ListAsync(endpointId, maxResults, ct);
        return [.. stored.Select(r => _running.TryGetValue(r.ReplayId, out var job) ? job.Progress() : r)];
    }

    /// <summary>Cancels a running replay and waits for it to end; a replay that already ended stays as it is. Answers the record after.</summary>
    public async Task<ReplayRecord?> CancelAsync(string endpointId, string replayId, CancellationToken ct)
    {
        if (_running.TryGetValue(replayId, out var job) && job.Record.EndpointId == endpointId)
        {
            job.CancelRequested = true;
            await job.Cancel.CancelAsync();
            await job.Run.WaitAsync(ct);
        }

        return await store.FindAsync(endpointId, replayId, ct);
    }

    /// <summary>Stops the endpoint's running replays, then deletes all its replays: called once the endpoint is deleted.</summary>
    public async Task ForgetEndpointAsync(string endpointId, CancellationToken ct)
    {
        foreach (var job in _running.Values.Where(j => j.Record.EndpointId == endpointId))
        {
            job.CancelRequested = true;
            await job.Cancel.CancelAsync();
            await job.Run.WaitAsync(ct);
        }

        await store.DeleteEndpointAsync(endpointId, ct);
    }

    private async Task RunAsync(ReplayJob job)
    {
        var record = job.Record;
        var ct = job.Cancel.Token;
        var kept = new List<PairMeasure>();
        var batch = new List<OutputPair>(PairBatch);
        try
        {
            var rows = await CapturedRequests.ReadAsync(job.TableFolder, job.Request, ct);
            if (rows.Count > CapturedRequests.MaxRequests)
            {
                await EndAsync(job, FailedState, $"The time range and sample_pct select {rows.Count} captured requests; a replay sends at most "
                    + $"{CapturedRequests.MaxRequests}. Narrow time_range or lower sample_pct.", null);
                return;
            }

            job.Total = rows.Count;
            await store.SaveAsync(job.Progress(), ct);
            var started = time.GetUtcNow();
            var lastProgress = Stopwatch.GetTimestamp();
            for (var i = 0; i < rows.Count; i++)
            {
                await PaceAsync(started, i, job.Request.RateLimitRps, ct);
                if (Target(job) is not { } target)
                {
                    await EndAsync(job, FailedState, $"target_entity {job.Request.TargetEntity} is no longer served by endpoint {record.EndpointName}.", Report(kept));
                    return;
                }

                var (route, entity) = target;
                var row = rows[i];
                job.CountSent();
                // A request once sent is seen through, even when a cancel comes meanwhile: the report
                // and the pairs then cover every request sent (the cancel waits for this one).
                var answer = await calls.InvokeAsync(route, entity, Encoding.UTF8.GetBytes(row.Request), null, job.Caller, CancellationToken.None);
                job.CountAnswered(PairMeasure.Failed(answer.Status));
                var pair = new OutputPair(
                    record.EndpointName, "replay:" + record.ReplayId, row.DatabricksRequestId,
                    new DateTimeOffset(DateTime.SpecifyKind(row.RequestTime, DateTimeKind.Utc)), route.ConfigVersion,
                    row.ServedEntityId, entity.Name, row.StatusCode, answer.Status, row.ExecutionDurationMs, answer.LatencyMs,
                    row.Response, answer.Body);
                kept.Add(PairMeasure.Of(pair).TrimOutputs(PairComparison.DivergenceOutputChars));
                batch.Add(pair);
                if (batch.Count == PairBatch)
                {
                    await pairs.AppendAsync(batch, CancellationToken.None);
                    batch.Clear();
                }

                if (Stopwatch.GetElapsedTime(lastProgress) >= ProgressEvery)
                {
                    await store.SaveAsync(job.Progress(), CancellationToken.None);
                    lastProgress = Stopwatch.GetTimestamp();
                }
            }

            await pairs.AppendAsync(batch, CancellationToken.None);
            await EndAsync(job, Succeeded, null, Report(kept));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await pairs.AppendAsync(batch, CancellationToken.None);
            if (job.CancelRequested)
            {
                await EndAsync(job, Cancelled, "Cancelled; the report covers the requests answered before.", Report(kept));
            }
            else
            {
                await EndAsync(job, FailedState, StoppedMessage, Report(kept));
            }
        }
        catch (Exception error)
        {
            // The error's own text may name files of the server: the log keeps it, the answer says where to look.
            Log.ReplayFailed(logger, record.ReplayId, record.EndpointName, error);
            await EndAsync(job, FailedState, "The replay failed; the server's log says why.", null);
        }
        finally
        {
            _running.TryRemove(record.ReplayId, out _);
            job.Dispose();
        }
    }

    /// <summary>The live route and target entity; null when the endpoint (this one, not a later one of its name) or the entity is gone.</summary>
    private (Core.Routing.EndpointRoute Route, Core.Routing.ServedEntity Entity)? Target(ReplayJob job)
    {
        var snapshot = directory.TryGetSnapshot(job.Record.EndpointName);
        if (snapshot is null || snapshot.Endpoint.Id != job.Record.EndpointId || snapshot.Live is not { } route)
        {
            return null;
        }

        return route.Find(job.Request.TargetEntity) is { } entity ? (route, entity) : null;
    }

    /// <summary>Waits until request <paramref name="index"/> is due: the n-th request goes no earlier than n / rps seconds after the start.</summary>
    private async Task PaceAsync(DateTimeOffset started, int index, double rps, CancellationToken ct)
    {
        var wait = started + TimeSpan.FromSeconds(index / rps) - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, ct);
        }
        else
        {
            ct.ThrowIfCancellationRequested();
        }
    }

    private static string Report(List<PairMeasure> kept)
    {
        var comparison = PairComparison.OfMeasures(kept);
        return new JsonObject { ["comparison"] = comparison.ToJson(), ["top_divergences"] = comparison.TopDivergences() }.ToJsonString();
    }

    private async Task EndAsync(ReplayJob job, string state, string? message, string? report) =>
        await store.SaveAsync(job.Progress() with
        {
            State = state, FinishedMs = time.GetUtcNow().ToUnixTimeMilliseconds(), Message = message, Report = report,
        }, CancellationToken.None);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Count} replays were running when the server stopped; they are marked FAILED")]
        public static partial void Interrupted(ILogger logger, int count);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Replay {ReplayId} of endpoint {Endpoint} failed")]
        public static partial void ReplayFailed(ILogger logger, string replayId, string endpoint, Exception error);
    }
}
