using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// Checks an <c>ai_gateway</c> config (on create, or the body of <c>PUT …/ai-gateway</c>) and the
/// legacy <c>rate_limits</c>. Only <c>fallback_config</c> is enforced so far; a config that turns
/// on rate limits, guardrails, usage tracking or inference tables is refused with a 400 saying so,
/// because a user who believes an endpoint is limited or logged when it is not is worse off than
/// one told it cannot be yet. Switched-off blocks (<c>{"enabled": false}</c>, empty lists) are kept.
/// </summary>
public static class AiGatewayRequest
{
    private const string NotYet = "is not supported by this server yet (it would not be enforced)";

    public static void Check(JsonNode gateway, string path)
    {
        if (gateway is not JsonObject fields)
        {
            throw ServingException.Invalid($"{path} must be a JSON object.");
        }

        var problems = new List<string>();
        foreach (var (field, node) in fields)
        {
            switch (field)
            {
                case "fallback_config":
                    if (node is not JsonObject block || block["enabled"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        problems.Add($"{path}.fallback_config must be {{\"enabled\": true|false}}.");
                    }

                    break;
                case "usage_tracking_config" or "inference_table_config":
                    CheckSwitchedOff(node, $"{path}.{field}", problems);
                    break;
                case "rate_limits":
                    CheckRateLimits(node, $"{path}.rate_limits", problems);
                    break;
                case "guardrails":
                    if (node is not (null or JsonObject { Count: 0 }))
                    {
                        problems.Add($"{path}.guardrails {NotYet}.");
                    }

                    break;
                default:
                    problems.Add($"{path}.{field} is not a field of ai_gateway.");
                    break;
            }
        }

        if (problems.Count > 0)
        {
            throw ServingException.Invalid(string.Join(" ", problems));
        }
    }

    /// <summary>The legacy <c>rate_limits</c> (create field and <c>PUT …/rate-limits</c>): only an empty list is taken.</summary>
    public static void CheckRateLimits(JsonNode? node, string path)
    {
        var problems = new List<string>();
        CheckRateLimits(node, path, problems);
        if (problems.Count > 0)
        {
            throw ServingException.Invalid(string.Join(" ", problems));
        }
    }

    private static void CheckRateLimits(JsonNode? node, string path, List<string> problems)
    {
        if (node is null or JsonArray { Count: 0 })
        {
            return;
        }

        problems.Add(node is JsonArray
            ? $"{path} {NotYet}; leave it out or give an empty list."
            : $"{path} must be a list.");
    }

    private static void CheckSwitchedOff(JsonNode? node, string path, List<string> problems)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonObject block)
        {
            problems.Add($"{path} must be a JSON object.");
        }
        else if (block["enabled"]?.GetValueKind() == JsonValueKind.True)
        {
            problems.Add($"{path} with enabled: true {NotYet}.");
        }
    }
}
