namespace Switchyard.Core.Endpoints;

/// <summary>
/// A save made from an endpoint row that someone else has written since: the writer reads the row
/// again and decides anew. Only replicas sharing one database meet it; one process owning its
/// database never does.
/// </summary>
public sealed class EndpointMovedException(string name)
    : Exception($"Endpoint {name} was changed by another replica meanwhile.")
{
    public string Name { get; } = name;
}
