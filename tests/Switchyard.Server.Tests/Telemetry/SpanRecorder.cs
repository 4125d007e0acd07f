using System.Collections.Concurrent;
using System.Diagnostics;
using Switchyard.Core.Telemetry;

namespace Switchyard.Server.Tests.Telemetry;

/// <summary>
/// Listens in process to the server's trace source and ASP.NET Core's, keeping every finished span
/// of one trace (the one the test sends in its <c>traceparent</c>), so tests running beside it add
/// nothing. Its tests run alone (<see cref="ProcessWideListeners"/>): a listener makes every
/// span in the process real, which a cost check running beside it would count.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _finished = new();

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name is SwitchyardTelemetry.Name or "Microsoft.AspNetCore",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == TraceId)
                {
                    _finished.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The trace the test's request belongs to.</summary>
    public ActivityTraceId TraceId { get; } = ActivityTraceId.CreateRandom();

    /// <summary>The caller's own span, the parent the server's span must name.</summary>
    public ActivitySpanId CallerSpanId { get; } = ActivitySpanId.CreateRandom();

    /// <summary>The W3C header a client in that trace sends (sampled).</summary>
    public string TraceParent => $"00-{TraceId.ToHexString()}-{CallerSpanId.ToHexString()}-01";

    /// <summary>The finished spans of the trace once one named <paramref name="name"/> is among them; fails after 10 s.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(string name)
    {
        // The server ends its span after the answer's last byte, which can reach the client first.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_finished.Any(span => span.OperationName == name || span.DisplayName == name))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no span {name} in trace {TraceId}; saw: {string.Join(", ", _finished.Select(s => s.DisplayName))}");
            await Task.Delay(50);
        }

        return [.. _finished];
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>Tests that listen to every span of the process, run after the parallel ones and alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideListeners
{
    public const string Name = "Process-wide span listeners";
}
