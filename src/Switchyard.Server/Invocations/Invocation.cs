using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Core.Routing;

namespace Switchyard.Server.Invocations;

/// <summary>
/// One query on its way through the data plane: the HTTP exchange, the endpoint's routing
/// snapshot, the entity chosen for it and the request body. The entity's driver answers it.
/// </summary>
public sealed class Invocation(HttpContext context, EndpointRoute route, ServedEntity entity, ReadOnlyMemory<byte> body)
{
    public HttpContext Context => context;

    /// <summary>The endpoint's routing snapshot, read once for the whole query.</summary>
    public EndpointRoute Route => route;

    /// <summary>The entity the traffic split (or the path) chose.</summary>
    public ServedEntity Entity => entity;

    /// <summary>The request body as sent; valid until the query is answered.</summary>
    public ReadOnlyMemory<byte> Body => body;

    /// <summary>True on <c>…/served-models/{served}/invocations</c>: that entity only, never a fallback.</summary>
    public bool Pinned { get; init; }

    /// <summary>The task the route fixes (the OpenAI-compatible paths); null on the invocations paths.</summary>
    public LlmTask? RouteTask { get; init; }

    /// <summary>The body already parsed (the OpenAI-compatible paths read <c>model</c> from it first), else null.</summary>
    public JsonObject? ParsedBody { get; init; }
}
