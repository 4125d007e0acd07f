using System.Text.Json.Nodes;
using Switchyard.Core.Identity;
using Switchyard.Core.Llm;
using Switchyard.Core.Permissions;
using Switchyard.Core.Routing;
using Switchyard.Server.Http;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// One query on its way through the data plane's steps: what the route says (the endpoint in the
/// path, a pinned served entity, the task of an OpenAI-compatible path), then what each step
/// finds (the endpoint's routing snapshot, the entity chosen, the body). The chosen entity's
/// driver answers it.
/// </summary>
public sealed class Invocation(HttpContext context)
{
    public HttpContext Context => context;

    /// <summary>The authenticated caller (the authentication middleware ran before any step).</summary>
    public CallerIdentity Caller => Http.Caller.Of(context);

    /// <summary>The endpoint queried: from the path, or from the body's <c>model</c> on the OpenAI-compatible paths.</summary>
    public string EndpointName { get; set; } = "";

    /// <summary>The served entity named in the path (<c>…/served-models/{served}/invocations</c>): that one only, never a fallback.</summary>
    public string? ServedName { get; init; }

    public bool Pinned => ServedName is not null;

    /// <summary>The task the route fixes (the OpenAI-compatible paths); null on the invocations paths.</summary>
    public LlmTask? RouteTask { get; init; }

    /// <summary>The endpoint's routing snapshot, read once for the whole query.</summary>
    public EndpointRoute Route { get; set; } = null!;

    /// <summary>Who may do what on the endpoint, read with the snapshot.</summary>
    public EndpointAccess Access { get; set; } = null!;

    /// <summary>The entity the traffic split (or the path) chose.</summary>
    public ServedEntity Entity { get; set; } = null!;

    /// <summary>The request body as sent; valid until the query is answered.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>The body already parsed (the OpenAI-compatible paths read <c>model</c> from it first), else null.</summary>
    public JsonObject? ParsedBody { get; set; }

    /// <summary>Answers the query with an error in the API's format; the step that calls it ends the query.</summary>
    public ValueTask FailAsync(Core.Errors.ErrorCode code, string message, int? retryAfterSeconds = null) =>
        new(ApiError.WriteAsync(context, code, message, retryAfterSeconds));
}
