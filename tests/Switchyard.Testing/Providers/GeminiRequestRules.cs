using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Switchyard.Testing.Providers;

/// <summary>
/// What Vertex AI's <c>:generateContent</c> and <c>:streamGenerateContent</c> accept, written from
/// googleapis' <c>google/cloud/aiplatform/v1/</c> protos (<c>prediction_service.proto</c>
/// GenerateContentRequest, <c>content.proto</c> Content, Part and GenerationConfig,
/// <c>tool.proto</c> Tool, FunctionDeclaration and ToolConfig, <c>openapi.proto</c> Schema) in their
/// JSON mapping (lowerCamelCase; an unknown name is refused, as the proto JSON parser does). The
/// stand-in answers Google's 400 INVALID_ARGUMENT listing the broken rules.
/// </summary>
public static partial class GeminiRequestRules
{
    // GenerateContentRequest (model is in the path).
    private static readonly string[] RequestFields =
        ["contents", "systemInstruction", "cachedContent", "tools", "toolConfig", "labels", "safetySettings", "modelArmorConfig", "generationConfig"];

    // Part: the data oneof, the metadata oneof, and thought / thoughtSignature / mediaResolution.
    private static readonly string[] PartData = ["text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult"];
    private static readonly string[] PartOthers = ["videoMetadata", "thought", "thoughtSignature", "mediaResolution"];

    // GenerationConfig.
    private static readonly string[] ConfigFields =
        ["temperature", "topP", "topK", "candidateCount", "maxOutputTokens", "stopSequences", "responseLogprobs", "logprobs",
         "presencePenalty", "frequencyPenalty", "seed", "responseMimeType", "responseSchema", "responseJsonSchema", "routingConfig",
         "audioTimestamp", "responseModalities", "mediaResolution", "speechConfig", "thinkingConfig", "imageConfig"];

    // FunctionDeclaration.
    private static readonly string[] DeclarationFields = ["name", "description", "parameters", "parametersJsonSchema", "response", "responseJsonSchema"];

    // Schema (openapi.proto): the OpenAPI subset `parameters` takes.
    private static readonly string[] SchemaFields =
        ["type", "format", "title", "description", "nullable", "default", "items", "minItems", "maxItems", "enum", "properties",
         "propertyOrdering", "required", "minProperties", "maxProperties", "minimum", "maximum", "minLength", "maxLength", "pattern",
         "example", "anyOf", "additionalProperties", "ref", "defs"];

    // Type enum (openapi.proto).
    private static readonly string[] SchemaTypes = ["TYPE_UNSPECIFIED", "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL"];

    /// <summary>Every rule <paramref name="body"/> breaks; empty when Vertex AI would take it.</summary>
    public static List<string> Check(JsonObject body)
    {
        var problems = new List<string>();
        Unknown(body, RequestFields, "", problems);

        if (body["contents"] is not JsonArray { Count: > 0 } contents)
        {
            problems.Add("contents must be a non-empty array");
        }
        else
        {
            foreach (var content in contents)
            {
                CheckContent(content, "contents", roleRequired: true, problems);
            }

            CheckCallsAnswered(contents, problems);
        }

        if (body["systemInstruction"] is { } system)
        {
            CheckContent(system, "system_instruction", roleRequired: false, problems);
        }

        CheckConfig(body["generationConfig"], problems);
        var names = CheckTools(body["tools"], problems);
        CheckToolConfig(body["toolConfig"], names, problems);
        return problems;
    }

    /// <summary>Content: role user or model (optional for the system instruction), at least one Part, each with one data field.</summary>
    private static void CheckContent(JsonNode? node, string where, bool roleRequired, List<string> problems)
    {
        if (node is not JsonObject content)
        {
            problems.Add($"{where}: each content must be an object");
            return;
        }

        Unknown(content, ["role", "parts"], where, problems);
        var role = content["role"]?.GetValue<string>();
        if (roleRequired ? role is not ("user" or "model") : role is not (null or "user" or "model"))
        {
            problems.Add($"Please use a valid role: user, model. ({where})");
        }

        if (content["parts"] is not JsonArray { Count: > 0 } parts)
        {
            problems.Add($"{where}: Unable to submit request because it has an empty parts field. Add at least one part.");
            return;
        }

        foreach (var part in parts)
        {
            if (part is not JsonObject p)
            {
                problems.Add($"{where}.parts: each part must be an object");
                continue;
            }

            Unknown(p, [.. PartData, .. PartOthers], $"{where}.parts", problems);
            var data = p.Count(field => PartData.Contains(field.Key));
            if (data != 1)
            {
                problems.Add($"{where}.parts: each part must set exactly one of {string.Join(", ", PartData)}");
            }

            if (p["functionResponse"] is { } response && (response["name"] is not JsonValue || response["response"] is not JsonObject))
            {
                problems.Add($"{where}.parts.function_response needs a name and a response object");
            }

            if (p["functionCall"] is { } call && call["name"] is not JsonValue)
            {
                problems.Add($"{where}.parts.function_call needs a name");
            }
        }
    }

    /// <summary>
    /// A model turn's function calls are answered by the next turn, one functionResponse part per
    /// functionCall part (the service's INVALID_ARGUMENT otherwise; parallel calls answered turn by turn fail).
    /// </summary>
    private static void CheckCallsAnswered(JsonArray contents, List<string> problems)
    {
        for (var i = 0; i + 1 < contents.Count; i++)
        {
            var calls = Parts(contents[i], "functionCall");
            var responses = Parts(contents[i + 1], "functionResponse");
            if (calls > 0 && responses > 0 && calls != responses)
            {
                problems.Add("Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.");
            }
        }

        static int Parts(JsonNode? content, string kind) =>
            (content?["parts"] as JsonArray ?? []).Count(part => part is JsonObject p && p.ContainsKey(kind));
    }

    /// <summary>GenerationConfig: known fields; temperature 0–2, topP 0–1, candidateCount ≥ 1, seed an int32.</summary>
    private static void CheckConfig(JsonNode? node, List<string> problems)
    {
        if (node is not JsonObject config)
        {
            return;
        }

        Unknown(config, ConfigFields, "generation_config", problems);
        Range(config["temperature"], "generation_config.temperature", 0, 2, problems);
        Range(config["topP"], "generation_config.top_p", 0, 1, problems);
        Range(config["candidateCount"], "generation_config.candidate_count", 1, int.MaxValue, problems);
        if (config["seed"] is { } seed
            && (seed.GetValueKind() != JsonValueKind.Number || seed.GetValue<double>() is var value && (value != Math.Floor(value) || value < int.MinValue || value > int.MaxValue)))
        {
            problems.Add("Invalid value at 'generation_config.seed' (TYPE_INT32)");
        }
    }

    /// <summary>
    /// Tools: FunctionDeclarations with a valid name, known fields only, and <c>parameters</c> (a Schema)
    /// or <c>parametersJsonSchema</c>, not both. The declared names, for toolConfig.
    /// </summary>
    private static List<string> CheckTools(JsonNode? node, List<string> problems)
    {
        var names = new List<string>();
        if (node is null)
        {
            return names;
        }

        foreach (var tool in node as JsonArray ?? [])
        {
            foreach (var declaration in tool?["functionDeclarations"] as JsonArray ?? [])
            {
                if (declaration is not JsonObject d)
                {
                    problems.Add("tools.function_declarations: each declaration must be an object");
                    continue;
                }

                Unknown(d, DeclarationFields, "tools[0].function_declarations[0]", problems);
                if (d["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String && FunctionName().IsMatch(name.GetValue<string>()))
                {
                    names.Add(name.GetValue<string>());
                }
                else
                {
                    problems.Add("tools.function_declarations.name must start with a letter or an underscore and have at most 64 of a-z, A-Z, 0-9, _ . -");
                }

                if (d.ContainsKey("parameters") && d.ContainsKey("parametersJsonSchema"))
                {
                    problems.Add("tools.function_declarations: parameters and parameters_json_schema are mutually exclusive");
                }

                if (d["parameters"] is { } schema)
                {
                    CheckSchema(schema, "tools.function_declarations.parameters", problems);
                }

                if (d["parametersJsonSchema"] is { } jsonSchema && jsonSchema["type"]?.GetValue<string>() != "object")
                {
                    problems.Add("tools.function_declarations.parameters_json_schema must describe an object");
                }
            }
        }

        return names;
    }

    /// <summary>A Schema: its own field names and upper-case Type names, recursively (not JSON Schema).</summary>
    private static void CheckSchema(JsonNode node, string where, List<string> problems)
    {
        if (node is not JsonObject schema)
        {
            problems.Add($"{where} must be a Schema object");
            return;
        }

        Unknown(schema, SchemaFields, where, problems);
        if (schema["type"] is { } type && (type.GetValueKind() != JsonValueKind.String || !SchemaTypes.Contains(type.GetValue<string>())))
        {
            problems.Add($"Invalid value at '{where}.type' (type.googleapis.com/google.cloud.aiplatform.v1.Type), \"{type.ToJsonString().Trim('"')}\"");
        }

        foreach (var (_, property) in schema["properties"] as JsonObject ?? [])
        {
            if (property is not null)
            {
                CheckSchema(property, $"{where}.properties", problems);
            }
        }

        if (schema["items"] is { } items)
        {
            CheckSchema(items, $"{where}.items", problems);
        }

        foreach (var option in schema["anyOf"] as JsonArray ?? [])
        {
            if (option is not null)
            {
                CheckSchema(option, $"{where}.any_of", problems);
            }
        }
    }

    /// <summary>ToolConfig.functionCallingConfig: a Mode, and allowedFunctionNames only with ANY or VALIDATED and naming declared functions.</summary>
    private static void CheckToolConfig(JsonNode? node, List<string> names, List<string> problems)
    {
        if (node is not JsonObject config)
        {
            return;
        }

        Unknown(config, ["functionCallingConfig", "retrievalConfig"], "tool_config", problems);
        if (config["functionCallingConfig"] is not JsonObject calling)
        {
            return;
        }

        Unknown(calling, ["mode", "allowedFunctionNames", "streamFunctionCallArguments"], "tool_config.function_calling_config", problems);
        var mode = calling["mode"]?.GetValue<string>();
        if (mode is not (null or "MODE_UNSPECIFIED" or "AUTO" or "ANY" or "NONE" or "VALIDATED"))
        {
            problems.Add($"Invalid value at 'tool_config.function_calling_config.mode', \"{mode}\"");
        }

        if (calling["allowedFunctionNames"] is JsonArray allowed)
        {
            if (mode is not ("ANY" or "VALIDATED"))
            {
                problems.Add("tool_config.function_calling_config.allowed_function_names may only be set with mode ANY or VALIDATED");
            }

            if (allowed.Any(n => n?.GetValue<string>() is not { } name || !names.Contains(name)))
            {
                problems.Add("tool_config.function_calling_config.allowed_function_names must name declared functions");
            }
        }
    }

    private static void Unknown(JsonObject node, string[] known, string where, List<string> problems)
    {
        foreach (var (name, _) in node)
        {
            if (!known.Contains(name))
            {
                problems.Add(where.Length == 0
                    ? $"Invalid JSON payload received. Unknown name \"{name}\""
                    : $"Invalid JSON payload received. Unknown name \"{name}\" at '{where}'");
            }
        }
    }

    private static void Range(JsonNode? node, string field, double min, double max, List<string> problems)
    {
        if (node is not null && (node.GetValueKind() != JsonValueKind.Number || node.GetValue<double>() is var value && (value < min || value > max)))
        {
            problems.Add($"{field} must be a number between {min} and {max}");
        }
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_.-]{0,63}$")]
    private static partial Regex FunctionName();
}
