using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Config;

/// <summary>Reads an endpoint's stored <c>ai_gateway</c> into the config the gateway steps enforce.</summary>
public static class AiGatewayConfigReader
{
    /// <summary>The config an endpoint's extras (its stored top-level fields) give; <see cref="AiGatewayConfig.None"/> when none.</summary>
    public static AiGatewayConfig FromStored(JsonObject extras) =>
        extras["ai_gateway"] is JsonObject gateway
        && gateway["fallback_config"] is JsonObject fallback
        && fallback["enabled"]?.GetValueKind() == JsonValueKind.True
            ? AiGatewayConfig.None with { FallbackEnabled = true }
            : AiGatewayConfig.None;
}
