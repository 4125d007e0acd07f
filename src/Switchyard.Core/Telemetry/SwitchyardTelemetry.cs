using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Switchyard.Core.Telemetry;

/// <summary>
/// The server's one trace source and one meter, both named <see cref="Name"/>. They live in Core,
/// not in the server, because the provider adapters (which know nothing of the server) start the
/// provider-call spans on the same source. Starting a span on <see cref="Source"/> answers null and
/// allocates nothing while no one listens, so instrumented code checks for null and moves on.
/// </summary>
public static class SwitchyardTelemetry
{
    public const string Name = "Switchyard";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Span tag: the endpoint queried (only once it resolved, so a caller cannot mint new values).</summary>
    public const string EndpointTag = "endpoint";

    /// <summary>Span tag: the served entity that answered.</summary>
    public const string ServedEntityTag = "served_entity";

    /// <summary>Span tag: the HTTP status answered (the semantic conventions' name).</summary>
    public const string StatusCodeTag = "http.response.status_code";

    /// <summary>Span tag: the Databricks <c>error_code</c> of a refusal.</summary>
    public const string ErrorCodeTag = "error_code";
}
