using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>The parts of an endpoint's <c>ai_gateway</c> config the data plane acts on.</summary>
public static class AiGatewaySettings
{
    /// <summary>True when <c>ai_gateway.fallback_config.enabled</c> is true.</summary>
    public static bool FallbackEnabled(JsonObject extras) =>
        extras["ai_gateway"] is JsonObject gateway
        && gateway["fallback_config"] is JsonObject fallback
        && fallback["enabled"]?.GetValueKind() == JsonValueKind.True;
}
