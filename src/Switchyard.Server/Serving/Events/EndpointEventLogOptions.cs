namespace Switchyard.Server.Serving.Events;

/// <summary>How much of the endpoints' timelines is held in memory and kept on disk.</summary>
public sealed class EndpointEventLogOptions
{
    /// <summary>Events waiting to be written, at most; an event recorded into a full queue is dropped (and logged).</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>The newest events kept per endpoint; older ones are deleted as new ones are written.</summary>
    public int KeepPerEndpoint { get; init; } = 500;
}
