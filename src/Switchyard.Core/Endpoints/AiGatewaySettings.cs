using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// The parts of an endpoint's <c>ai_gateway</c> config the data plane acts on, read once when the
/// endpoint's state changes rather than from its JSON on every query. Today that is fallback only.
/// </summary>
/// <param name="FallbackEnabled">True when <c>ai_gateway.fallback_config.enabled</c> is true: a failed LLM query moves on to the next served entity.</param>
public sealed record AiGatewaySettings(bool FallbackEnabled)
{
    /// <summary>The settings an endpoint's extras (its stored top-level fields) give.</summary>
    public static AiGatewaySettings Of(JsonObject extras) => new(
        extras["ai_gateway"] is JsonObject gateway
        && gateway["fallback_config"] is JsonObject fallback
        && fallback["enabled"]?.GetValueKind() == JsonValueKind.True);
}
