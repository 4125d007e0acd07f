using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Telemetry;

/// <summary>
/// The endpoint and served entity a query is labelled with in spans and metrics. The endpoint is
/// named only once it resolved to a live route: a name a caller merely sent (an unknown endpoint, a
/// body's <c>model</c>) would let anyone mint new label values, so such queries carry an empty one.
/// </summary>
internal static class DataPlaneLabels
{
    public static string EndpointOf(Invocation invocation) =>
        invocation.Route is { } route ? route.EndpointName : "";

    public static string ServedEntityOf(Invocation invocation) =>
        invocation.Entity is { } entity ? entity.Name : "";
}
