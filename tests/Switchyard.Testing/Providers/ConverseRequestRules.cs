using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Switchyard.Testing.Providers;

/// <summary>
/// What Bedrock's Converse and ConverseStream accept, written from botocore's
/// <c>botocore/data/bedrock-runtime/2023-09-30/service-2.json</c> (shape names in the comments) and
/// the alternation rule the service enforces; each broken rule is one line in Bedrock's words.
/// The stand-in answers a 400 ValidationException listing them.
/// </summary>
public static partial class ConverseRequestRules
{
    // ConverseRequest members (modelId travels in the path).
    private static readonly string[] RequestFields =
        ["messages", "system", "inferenceConfig", "toolConfig", "guardrailConfig", "additionalModelRequestFields", "promptVariables",
         "additionalModelResponseFieldPaths", "requestMetadata", "performanceConfig", "serviceTier", "outputConfig"];

    // ContentBlock is a union of these.
    private static readonly string[] ContentBlockFields =
        ["text", "image", "document", "video", "audio", "toolUse", "toolResult", "guardContent", "cachePoint", "reasoningContent",
         "citationsContent", "searchResult", "toolAddition", "toolRemoval"];

    // ToolResultContentBlock is a union of these.
    private static readonly string[] ToolResultContentFields = ["json", "text", "image", "document", "video", "searchResult"];

    // SystemContentBlock members.
    private static readonly string[] SystemBlockFields = ["text", "guardContent", "cachePoint"];

    // InferenceConfiguration members.
    private static readonly string[] InferenceFields = ["maxTokens", "temperature", "topP", "stopSequences"];

    // ToolSpecification members.
    private static readonly string[] ToolSpecFields = ["name", "description", "inputSchema", "strict"];

    /// <summary>Every rule <paramref name="body"/> breaks; empty when Converse would take it.</summary>
    public static List<string> Check(JsonObject body)
    {
        var problems = new List<string>();
        foreach (var (name, _) in body)
        {
            if (!RequestFields.Contains(name))
            {
                problems.Add($"Malformed input request: extraneous key [{name}] is not permitted");
            }
        }

        var usesTools = CheckMessages(body["messages"], problems);
        CheckSystem(body["system"], problems);
        CheckInference(body["inferenceConfig"], problems);
        CheckToolConfig(body["toolConfig"], problems);
        if (usesTools && body["toolConfig"] is null)
        {
            problems.Add("The toolConfig field must be defined when using toolUse and toolResult content blocks.");
        }

        return problems;
    }

    /// <summary>Messages: required role and content (Message), roles user/assistant, starting with user and alternating.</summary>
    private static bool CheckMessages(JsonNode? node, List<string> problems)
    {
        if (node is not JsonArray { Count: > 0 } messages)
        {
            problems.Add("messages must be a non-empty array");
            return false;
        }

        var usesTools = false;
        string? previous = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var role = messages[i]?["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : null;
            if (role is not ("user" or "assistant"))
            {
                problems.Add($"messages.{i}.role must be user or assistant");
            }
            else if (i == 0 && role != "user")
            {
                problems.Add("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
            }
            else if (role == previous)
            {
                problems.Add("A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.");
            }

            previous = role;
            if (messages[i]?["content"] is not JsonArray { Count: > 0 } blocks)
            {
                problems.Add($"messages.{i}.content must be a non-empty array of content blocks");
                continue;
            }

            foreach (var block in blocks)
            {
                usesTools |= CheckContentBlock(block, role, i, problems);
            }
        }

        return usesTools;
    }

    /// <summary>One ContentBlock: exactly one union member; toolUse (ToolUseBlock) and toolResult (ToolResultBlock) with their required fields.</summary>
    private static bool CheckContentBlock(JsonNode? node, string? role, int index, List<string> problems)
    {
        if (node is not JsonObject block || block.Count != 1 || !ContentBlockFields.Contains(block.First().Key))
        {
            problems.Add($"messages.{index}.content: each content block must set exactly one of {string.Join(", ", ContentBlockFields)}");
            return false;
        }

        switch (block.First().Key)
        {
            case "text":
                RequireString(block["text"], $"messages.{index}.content.text", problems, minLength: 0);
                return false;
            case "toolUse":
                if (role != "assistant")
                {
                    problems.Add($"messages.{index}: toolUse blocks belong to assistant messages");
                }

                var use = block["toolUse"] as JsonObject;
                RequireToolUseId(use?["toolUseId"], $"messages.{index}.content.toolUse.toolUseId", problems);
                RequireToolName(use?["name"], $"messages.{index}.content.toolUse.name", problems);
                if (use?["input"] is null)
                {
                    problems.Add($"messages.{index}.content.toolUse.input is required");
                }

                return true;
            case "toolResult":
                if (role != "user")
                {
                    problems.Add($"messages.{index}: toolResult blocks belong to user messages");
                }

                var result = block["toolResult"] as JsonObject;
                RequireToolUseId(result?["toolUseId"], $"messages.{index}.content.toolResult.toolUseId", problems);
                if (result?["content"] is not JsonArray contents)
                {
                    problems.Add($"messages.{index}.content.toolResult.content is required");
                }
                else if (contents.Any(static c => c is not JsonObject { Count: 1 } o || !ToolResultContentFields.Contains(o.First().Key)))
                {
                    problems.Add($"messages.{index}.content.toolResult.content: each block must set exactly one of {string.Join(", ", ToolResultContentFields)}");
                }

                if (result?["status"] is { } status && status.GetValue<string>() is not ("success" or "error"))
                {
                    problems.Add($"messages.{index}.content.toolResult.status must be success or error (ToolResultStatus)");
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>SystemContentBlocks: each a SystemContentBlock whose text is a NonEmptyString (min 1).</summary>
    private static void CheckSystem(JsonNode? node, List<string> problems)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonArray blocks)
        {
            problems.Add("system must be an array of blocks");
            return;
        }

        foreach (var block in blocks)
        {
            if (block is not JsonObject { Count: 1 } one || !SystemBlockFields.Contains(one.First().Key))
            {
                problems.Add($"each system block must set exactly one of {string.Join(", ", SystemBlockFields)}");
            }
            else if (one.ContainsKey("text"))
            {
                RequireString(one["text"], "system.text", problems, minLength: 1);
            }
        }
    }

    /// <summary>InferenceConfiguration: maxTokens ≥ 1, temperature and topP within 0–1, stopSequences of NonEmptyStrings.</summary>
    private static void CheckInference(JsonNode? node, List<string> problems)
    {
        if (node is not JsonObject inference)
        {
            return;
        }

        foreach (var (name, _) in inference)
        {
            if (!InferenceFields.Contains(name))
            {
                problems.Add($"Malformed input request: extraneous key [{name}] in inferenceConfig");
            }
        }

        if (inference["maxTokens"] is { } maxTokens && (maxTokens.GetValueKind() != JsonValueKind.Number || maxTokens.GetValue<double>() < 1))
        {
            problems.Add("inferenceConfig.maxTokens must be an integer of at least 1");
        }

        CheckRange(inference["temperature"], "inferenceConfig.temperature", 0, 1, problems);
        CheckRange(inference["topP"], "inferenceConfig.topP", 0, 1, problems);
        if (inference["stopSequences"] is { } stops
            && (stops is not JsonArray list || list.Any(static s => s is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>().Length == 0)))
        {
            problems.Add("inferenceConfig.stopSequences must be an array of non-empty strings");
        }
    }

    /// <summary>
    /// ToolConfiguration: tools required, at least one (ToolConfigurationToolsList min 1), each a Tool union;
    /// a toolSpec needs name and inputSchema.json; toolChoice is a union of auto, any and tool (with a name).
    /// </summary>
    private static void CheckToolConfig(JsonNode? node, List<string> problems)
    {
        if (node is null)
        {
            return;
        }

        if (node["tools"] is not JsonArray { Count: > 0 } tools)
        {
            problems.Add("toolConfig.tools must be a non-empty array");
            return;
        }

        var names = new List<string>();
        foreach (var tool in tools)
        {
            if (tool is not JsonObject { Count: 1 } one || one.First().Key is not ("toolSpec" or "systemTool" or "cachePoint"))
            {
                problems.Add("each tool must set exactly one of toolSpec, systemTool, cachePoint");
                continue;
            }

            if (one["toolSpec"] is not JsonObject spec)
            {
                continue;
            }

            foreach (var (name, _) in spec)
            {
                if (!ToolSpecFields.Contains(name))
                {
                    problems.Add($"Malformed input request: extraneous key [{name}] in toolSpec");
                }
            }

            if (RequireToolName(spec["name"], "toolConfig.tools.toolSpec.name", problems) is { } toolName)
            {
                names.Add(toolName);
            }

            if (spec["description"] is { } description)
            {
                RequireString(description, "toolConfig.tools.toolSpec.description", problems, minLength: 1);
            }

            // ToolInputSchema is a union with one member, json; its top-level type must be object.
            if (spec["inputSchema"]?["json"] is not JsonObject schema)
            {
                problems.Add("toolConfig.tools.toolSpec.inputSchema.json is required");
            }
            else if (schema["type"]?.GetValue<string>() != "object")
            {
                problems.Add("The value at toolConfig.tools.toolSpec.inputSchema.json.type must be one of the following: object.");
            }
        }

        if (node["toolChoice"] is { } choice)
        {
            if (choice is not JsonObject { Count: 1 } union || union.First().Key is not ("auto" or "any" or "tool"))
            {
                problems.Add("toolConfig.toolChoice must set exactly one of auto, any, tool");
            }
            else if (union["tool"] is { } specific && (specific["name"]?.GetValue<string>() is not { } chosen || !names.Contains(chosen)))
            {
                problems.Add("toolConfig.toolChoice.tool.name must name one of the tools");
            }
        }
    }

    private static void CheckRange(JsonNode? node, string field, double min, double max, List<string> problems)
    {
        if (node is null)
        {
            return;
        }

        if (node.GetValueKind() != JsonValueKind.Number || node.GetValue<double>() is var value && (value < min || value > max))
        {
            problems.Add($"{field} must be a number between {min} and {max}");
        }
    }

    private static void RequireString(JsonNode? node, string field, List<string> problems, int minLength)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            problems.Add($"{field} must be a string");
        }
        else if (value.GetValue<string>().Length < minLength)
        {
            problems.Add($"{field} must have length greater than or equal to {minLength}");
        }
    }

    /// <summary>ToolUseId: 1–64 of [a-zA-Z0-9_.:-].</summary>
    private static void RequireToolUseId(JsonNode? node, string field, List<string> problems)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String || !ToolUseId().IsMatch(value.GetValue<string>()))
        {
            problems.Add($"{field} must match [a-zA-Z0-9_.:-]{{1,64}}");
        }
    }

    /// <summary>ToolName: 1–64 of [a-zA-Z0-9_-]; the name when it is one.</summary>
    private static string? RequireToolName(JsonNode? node, string field, List<string> problems)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String && ToolName().IsMatch(value.GetValue<string>()))
        {
            return value.GetValue<string>();
        }

        problems.Add($"{field} must match [a-zA-Z0-9_-]{{1,64}}");
        return null;
    }

    [GeneratedRegex("^[a-zA-Z0-9_.:-]{1,64}$")]
    private static partial Regex ToolUseId();

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ToolName();
}
