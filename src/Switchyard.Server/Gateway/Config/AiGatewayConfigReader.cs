using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Config;

/// <summary>Reads an endpoint's stored <c>ai_gateway</c> into the config the gateway steps enforce.</summary>
public static class AiGatewayConfigReader
{
    /// <summary>The config an endpoint's extras (its stored top-level fields) give; <see cref="AiGatewayConfig.None"/> when none.</summary>
    public static AiGatewayConfig FromStored(JsonObject extras)
    {
        if (extras["ai_gateway"] is not JsonObject gateway)
        {
            return AiGatewayConfig.None;
        }

        // TEMP for tests: usage tracking and the inference table, until the config helper's reader lands.
        return AiGatewayConfig.None with
        {
            FallbackEnabled = Enabled(gateway["fallback_config"]),
            UsageTracking = Enabled(gateway["usage_tracking_config"]),
            InferenceTable = gateway["inference_table_config"] is JsonObject table
                ? new InferenceTableConfig(
                    (string?)table["catalog_name"] ?? "", (string?)table["schema_name"] ?? "", (string?)table["table_name_prefix"] ?? "",
                    Enabled(table), (double?)table["sampling_fraction"] ?? 1.0)
                : null,
        };
    }

    private static bool Enabled(JsonNode? block) =>
        block is JsonObject fields && fields["enabled"]?.GetValueKind() == JsonValueKind.True;
}
