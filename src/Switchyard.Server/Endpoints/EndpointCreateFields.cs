using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// The top level of a create body. Only the fields Databricks defines as input are taken; the
/// fields the server computes (<c>id</c>, <c>creator</c>, <c>state</c>…) are refused with a 400
/// naming them rather than ignored, so a client that sends one learns at once that it has no
/// effect, and nothing a client sends can pose as the endpoint's own state.
/// </summary>
public static class EndpointCreateFields
{
    /// <summary>Fields the endpoint itself is made of, read by the create use case.</summary>
    private static readonly HashSet<string> Core = ["name", "config", "ai_gateway", "rate_limits"];

    /// <summary>Input fields kept as given and shown on get and list.</summary>
    private static readonly HashSet<string> Kept = ["tags", "route_optimized", "description", "budget_policy_id", "usage_policy_id"];

    /// <summary>Input fields older clients send that carry nothing the server does not already know.</summary>
    private static readonly HashSet<string> Ignored = ["task"];

    private static readonly HashSet<string> ServerComputed =
    [
        "id", "creator", "creation_timestamp", "last_updated_timestamp", "state", "pending_config",
        "permission_level", "data_plane_info", "endpoint_url", "endpoint_type", "creator_display_name", "creator_kind",
    ];

    /// <summary>Input fields that ask for something this server does not do.</summary>
    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["email_notifications"] = "this server sends no e-mail",
        ["telemetry_config"] = "this server exports no telemetry to Unity Catalog tables",
        ["uc_system_metrics_export_state"] = "this server exports no metrics to Unity Catalog tables",
    };

    /// <summary>
    /// The kept fields of <paramref name="body"/>, each checked; every problem is reported in one
    /// INVALID_PARAMETER_VALUE naming the fields.
    /// </summary>
    public static JsonObject ReadExtras(JsonObject body)
    {
        var problems = new List<string>();
        var extras = new JsonObject();
        var computed = new List<string>();
        foreach (var (field, node) in body)
        {
            if (Core.Contains(field) || Ignored.Contains(field))
            {
                continue;
            }

            if (ServerComputed.Contains(field))
            {
                computed.Add(field);
            }
            else if (Unsupported.TryGetValue(field, out var why))
            {
                if (node is not null)
                {
                    problems.Add($"{field} is not supported: {why}.");
                }
            }
            else if (Kept.Contains(field))
            {
                CheckKept(field, node, problems);
                extras[field] = node?.DeepClone();
            }
            else
            {
                problems.Add($"{field} is not a field of a serving endpoint.");
            }
        }

        if (computed.Count > 0)
        {
            problems.Insert(0, $"{string.Join(", ", computed)} {(computed.Count == 1 ? "is" : "are")} set by the server and cannot be given.");
        }

        if (problems.Count > 0)
        {
            throw ServingException.Invalid(string.Join(" ", problems));
        }

        return extras;
    }

    private static void CheckKept(string field, JsonNode? node, List<string> problems)
    {
        var kind = node?.GetValueKind();
        switch (field)
        {
            case "tags":
                problems.AddRange(EndpointTags.Problems(node, "tags"));
                break;
            case "route_optimized" when kind is not (JsonValueKind.True or JsonValueKind.False or null):
                problems.Add("route_optimized must be true or false.");
                break;
            case "description" or "budget_policy_id" or "usage_policy_id" when kind is not (JsonValueKind.String or null):
                problems.Add($"{field} must be a string.");
                break;
        }
    }
}
