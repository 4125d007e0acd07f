using Switchyard.Core.Gateway;
using Switchyard.Core.Identity;
using Switchyard.Core.Llm;
using Switchyard.Core.Routing;

namespace Switchyard.Server.Experiments;

/// <summary>
/// A query a shadow sampled, as the primary answered it: what the shadow is sent (the body, copied:
/// the query's own is gone once answered), as whom and under which gateway config, and the
/// primary's side of the output pair it makes.
/// </summary>
public sealed record ShadowCopy(
    EndpointRoute Route,
    ServedEntity Shadow,
    ReadOnlyMemory<byte> Body,
    LlmTask? Task,
    CallerIdentity Caller,
    AiGatewayConfig Gateway,
    string RequestId,
    DateTimeOffset Time,
    string BaselineEntity,
    int BaselineStatus,
    double BaselineLatencyMs,
    string BaselineOutput);
