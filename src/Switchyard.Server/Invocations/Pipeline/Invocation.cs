using Switchyard.Core.Gateway;
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

    /// <summary>The split of the traffic segment the request matched; null for the endpoint's default routes.</summary>
    public TrafficSplit? Split { get; set; }

    /// <summary>The entity the traffic split (or the path) chose.</summary>
    public ServedEntity Entity { get; set; } = null!;

    /// <summary>
    /// True while a sticky endpoint's choice waits for the body (the sticky header was missing, so
    /// the body's <c>client_request_id</c> keys the unit): <see cref="ChooseByBodyStep"/> makes it.
    /// </summary>
    public bool UnitKeyInBody { get; set; }

    /// <summary>The sticky unit key that chose <see cref="Entity"/> (as sent; the usage log keeps its hash); null when none chose.</summary>
    public string? UnitKey { get; set; }

    /// <summary>The request body as sent; valid until the query is answered.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>The endpoint's AI Gateway config, read with the snapshot.</summary>
    public AiGatewayConfig Gateway { get; set; } = AiGatewayConfig.None;

    /// <summary>The endpoint's output guardrails, which the driver applies to the answer before the caller sees it; null when there are none.</summary>
    public Gateway.Guardrails.Guard? OutputGuard { get; set; }

    // What the answer was, for the gateway's usage rows, inference table, limits and charts. The
    // drivers fill these in; a query no gateway step watches pays nothing more than the fields.

    /// <summary>What the gateway's capture keeps of the request (its text, client id, usage context); null when it captures nothing of this query.</summary>
    public Gateway.Capture.RequestCapture? Capture { get; set; }

    /// <summary>True when the answer's text is wanted (the inference table samples this query): the driver keeps it in <see cref="Answer"/>.</summary>
    public bool KeepAnswer { get; set; }

    /// <summary>The answer as sent (a stream assembled into one whole answer), when <see cref="KeepAnswer"/> asked for it.</summary>
    public string? Answer { get; set; }

    /// <summary>The tokens the query used, when an LLM answered (a stream's closing counts included).</summary>
    public LlmUsage? Usage { get; set; }

    /// <summary>True when the answer was streamed.</summary>
    public bool Streamed { get; set; }

    /// <summary>When the answer's first byte (a stream's first chunk) was written, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp; 0 until then.</summary>
    public long FirstByteTimestamp { get; set; }

    /// <summary>The error the query was answered with, when a step or driver refused it.</summary>
    public (Core.Errors.ErrorCode Code, string Message)? Error { get; private set; }

    /// <summary>Answers the query with an error in the API's format; the step that calls it ends the query.</summary>
    public ValueTask FailAsync(Core.Errors.ErrorCode code, string message, int? retryAfterSeconds = null)
    {
        Error = (code, message);
        return new(ApiError.WriteAsync(context, code, message, retryAfterSeconds));
    }
}
