using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Config;

/// <summary><c>ai_gateway.guardrails {input, output}</c>, each <c>{pii {behavior}, safety, invalid_keywords, valid_topics}</c>.</summary>
internal static class GuardrailsReader
{
    private static readonly string[] Sides = ["input", "output"];
    private static readonly string[] Fields = ["pii", "safety", "invalid_keywords", "valid_topics"];
    private static readonly string[] PiiFields = ["behavior"];

    private static readonly Dictionary<string, PiiBehavior> Behaviors = new(StringComparer.Ordinal)
    {
        ["NONE"] = PiiBehavior.None,
        ["BLOCK"] = PiiBehavior.Block,
        ["MASK"] = PiiBehavior.Mask,
    };

    public static GuardrailsConfig Read(JsonNode? node, string path, List<string> problems)
    {
        if (GatewayFields.Block(node, path, problems) is not { } guardrails)
        {
            return GuardrailsConfig.None;
        }

        GatewayFields.RefuseUnknown(guardrails, path, "guardrails", Sides, problems);
        return new GuardrailsConfig(
            ReadSide(guardrails["input"], $"{path}.input", problems),
            ReadSide(guardrails["output"], $"{path}.output", problems));
    }

    private static GuardrailParameters ReadSide(JsonNode? node, string path, List<string> problems)
    {
        if (GatewayFields.Block(node, path, problems) is not { } side)
        {
            return GuardrailParameters.None;
        }

        GatewayFields.RefuseUnknown(side, path, "guardrail parameters", Fields, problems);
        var pii = PiiBehavior.None;
        if (GatewayFields.Block(side["pii"], $"{path}.pii", problems) is { } block)
        {
            GatewayFields.RefuseUnknown(block, $"{path}.pii", "pii", PiiFields, problems);
            pii = GatewayFields.Choice(block, "behavior", $"{path}.pii", Behaviors, problems) ?? PiiBehavior.None;
        }

        return new GuardrailParameters(
            pii,
            JsonFields.Bool(side, "safety", path, problems) ?? false,
            GatewayFields.Words(side, "invalid_keywords", path, problems),
            GatewayFields.Words(side, "valid_topics", path, problems));
    }
}
