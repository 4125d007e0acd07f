using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Switchyard.Core.Experiments;
using Switchyard.Core.Llm;
using Switchyard.Server.Drivers;
using Switchyard.Server.Gateway.Limits;

namespace Switchyard.Server.Experiments;

/// <summary>
/// Sends shadows their copies in the background, never on a caller's path. <see cref="Offer"/>
/// puts a copy in a bounded queue and returns at once; one reader takes each copy and drops it
/// (counted in <see cref="ShadowCounters"/>) unless the shadow has a free concurrency slot and
/// the endpoint's rate limits admit the call: a copy never waits, neither in the shadow's queue nor
/// for a window. An admitted copy is called through <see cref="EntityCall"/>, not awaited by the
/// reader, and its answer and the primary's make an <see cref="OutputPair"/>
/// (<c>shadow:&lt;name&gt;</c>) for the <see cref="OutputPairLog"/>.
/// </summary>
// The token source has no timer, so there is nothing to dispose.
#pragma warning disable CA1001
public sealed partial class ShadowDispatcher : IHostedService
#pragma warning restore CA1001
{
    /// <summary>Copies waiting for the reader, at most; one offered to a full queue is dropped.</summary>
    public const int Capacity = 1024;

    private readonly Channel<ShadowCopy> _queue = Channel.CreateBounded<ShadowCopy>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    // Calls under way per shadow entity (held weakly: a retired entity's count goes with it).
    private readonly ConditionalWeakTable<Core.Routing.ServedEntity, StrongBox<int>> _inFlight = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly EntityCall _call;
    private readonly EntityDrivers _drivers;
    private readonly RateLimitCounters _limits;
    private readonly ShadowCounters _counters;
    private readonly OutputPairLog _pairs;
    private readonly ILogger<ShadowDispatcher> _logger;
    private Task _reader = Task.CompletedTask;
    private int _running;

    public ShadowDispatcher(
        EntityCall call, EntityDrivers drivers, RateLimitCounters limits, ShadowCounters counters, OutputPairLog pairs,
        ILogger<ShadowDispatcher> logger)
    {
        _call = call;
        _drivers = drivers;
        _limits = limits;
        _counters = counters;
        _pairs = pairs;
        _logger = logger;
    }

    /// <summary>Shadow calls under way now, across every shadow.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Hands a copy over; never waits (a full queue drops it).</summary>
    public void Offer(ShadowCopy copy)
    {
        if (!_queue.Writer.TryWrite(copy))
        {
            _counters.Dropped(copy.Route.EndpointName, copy.Shadow.Name);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _reader = Task.Run(ReadLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking copies and cancels the calls under way: a shadow's answer is never worth holding a shutdown for.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        await _reader.WaitAsync(cancellationToken);
    }

    private async Task ReadLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var copy))
            {
                if (_stop.IsCancellationRequested)
                {
                    _counters.Dropped(copy.Route.EndpointName, copy.Shadow.Name);
                    continue;
                }

                Dispatch(copy);
            }
        }
    }

    private void Dispatch(ShadowCopy copy)
    {
        var (endpoint, shadow) = (copy.Route.EndpointName, copy.Shadow);
        var config = shadow.Config;
        var running = _inFlight.GetValue(shadow, static _ => new StrongBox<int>());
        // Saturated: every slot is taken (by earlier copies or by queries pinned to it). Dropped, not queued.
        if (Volatile.Read(ref running.Value) >= _drivers.For(config).SlotsOf(config) || !shadow.HasFreeSlot)
        {
            _counters.Dropped(endpoint, shadow.Name);
            return;
        }

        if (!TryAdmit(copy, out var admission, out var reserved))
        {
            _counters.Dropped(endpoint, shadow.Name);
            return;
        }

        Interlocked.Increment(ref running.Value);
        Interlocked.Increment(ref _running);
        _counters.Sent(endpoint, shadow.Name);
        _ = CallAsync(copy, admission, reserved, running);
    }

    /// <summary>
    /// Takes the copy's call (and, for an LLM, its tokens) from the endpoint's rate limits that
    /// apply to the query's caller, in the same windows as any call: false when one refuses it (a
    /// limit of 0 included). <paramref name="admission"/> is null when the endpoint has no rate limits.
    /// </summary>
    private bool TryAdmit(ShadowCopy copy, out Admission? admission, out long reserved)
    {
        (admission, reserved) = (null, 0);
        if (copy.Gateway.RateLimits.Count == 0)
        {
            return true;
        }

        var config = copy.Shadow.Config;
        var tasks = _drivers.For(config).TasksOf(config);
        reserved = tasks.Count == 0 ? 0 : TokenReservation.Of(copy.Body, tasks[0] == LlmTask.Embeddings);
        var applied = new List<AppliedLimit>();
        LimitPlan.For(copy.Gateway).Rates.AddApplying(copy.Caller, applied);
        foreach (var limit in applied)
        {
            if (limit.Term.Amount == 0 && (limit.Term.Measure == LimitMeasure.Calls || reserved > 0))
            {
                return false;
            }
        }

        admission = _limits.Admit(copy.Route.EndpointName, applied, reserved);
        return admission.Refusal is null;
    }

    private async Task CallAsync(ShadowCopy copy, Admission? admission, long reserved, StrongBox<int> running)
    {
        try
        {
            // Off the caller's thread at once: the reader goes on to the next copy whatever the driver does synchronously.
            await Task.Yield();
            var answer = await _call.InvokeAsync(copy.Route, copy.Shadow, copy.Body, copy.Task, copy.Caller, _stop.Token);
            copy.Shadow.Traffic.Record(answer.LatencyMs, !answer.Succeeded, answer.Usage?.TotalTokens ?? 0);
            admission?.Settle(reserved, answer.Usage is { } usage ? (long)usage.PromptTokens + usage.CompletionTokens : 0);
            _pairs.Append(new OutputPair(
                copy.Route.EndpointName, ShadowSources.Of(copy.Shadow.Name), copy.RequestId, copy.Time, copy.Route.ConfigVersion,
                copy.BaselineEntity, copy.Shadow.Name, copy.BaselineStatus, answer.Status, copy.BaselineLatencyMs, answer.LatencyMs,
                copy.BaselineOutput, answer.Body));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down: the copy was sent; its answer is not kept.
        }
        catch (Exception error)
        {
            Log.CallFailed(_logger, error, copy.Shadow.Name, copy.Route.EndpointName);
        }
        finally
        {
            Interlocked.Decrement(ref running.Value);
            Interlocked.Decrement(ref _running);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Shadow {Shadow} of endpoint {Endpoint} failed outside its driver; its pair is not kept.")]
        public static partial void CallFailed(ILogger logger, Exception error, string shadow, string endpoint);
    }
}

/// <summary>The <see cref="OutputPair.Source"/> of a shadow's pairs.</summary>
public static class ShadowSources
{
    public const string Prefix = "shadow:";

    public static string Of(string servedEntityName) => Prefix + servedEntityName;
}
