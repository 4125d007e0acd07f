using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Testing.Providers;

/// <summary>
/// What the embedding calls accept, for the requests whose bodies the chat rules do not cover:
/// Vertex AI's <c>:predict</c> on a text-embedding model (googleapis
/// <c>google/cloud/aiplatform/v1/prediction_service.proto</c> PredictRequest: <c>instances</c>
/// required, <c>parameters</c> optional; the instance and parameter fields as Vertex AI's text
/// embeddings reference gives them), and Bedrock's InvokeModel bodies for Amazon Titan text
/// embeddings and Cohere Embed (botocore's InvokeModel takes an opaque body; the fields are the
/// model providers' own, from Bedrock's model-parameters reference). Each broken rule is one line.
/// </summary>
public static class EmbeddingRequestRules
{
    // PredictRequest's JSON body: endpoint comes from the path, so only these two.
    private static readonly string[] PredictFields = ["instances", "parameters"];

    // TextEmbeddingInput: content (required), task_type, title.
    private static readonly string[] InstanceFields = ["content", "task_type", "title"];

    private static readonly string[] TaskTypes =
        ["RETRIEVAL_QUERY", "RETRIEVAL_DOCUMENT", "SEMANTIC_SIMILARITY", "CLASSIFICATION", "CLUSTERING",
         "QUESTION_ANSWERING", "FACT_VERIFICATION", "CODE_RETRIEVAL_QUERY"];

    private static readonly string[] PredictParameters = ["autoTruncate", "outputDimensionality"];

    // Titan Text Embeddings: inputText (required), dimensions (V2: 256, 512 or 1024), normalize, embeddingTypes.
    private static readonly string[] TitanFields = ["inputText", "dimensions", "normalize", "embeddingTypes"];

    // Cohere Embed on Bedrock: texts (required, at most 96), input_type (required), truncate, embedding_types.
    private static readonly string[] CohereFields = ["texts", "input_type", "truncate", "embedding_types"];

    private static readonly string[] CohereInputTypes = ["search_document", "search_query", "classification", "clustering"];

    /// <summary>Every rule a Vertex AI text-embedding <c>:predict</c> body breaks.</summary>
    public static List<string> CheckVertexPredict(JsonObject? body)
    {
        var problems = new List<string>();
        if (body is null)
        {
            problems.Add("Invalid JSON payload: the body must be an object");
            return problems;
        }

        Unknown(body, PredictFields, "", problems);
        if (body["instances"] is not JsonArray { Count: > 0 } instances)
        {
            problems.Add("instances is required: a non-empty list");
            return problems;
        }

        for (var i = 0; i < instances.Count; i++)
        {
            if (instances[i] is not JsonObject instance)
            {
                problems.Add($"instances[{i}] must be an object");
                continue;
            }

            Unknown(instance, InstanceFields, $"instances[{i}].", problems);
            if (instance["content"] is not JsonValue content || content.GetValueKind() != JsonValueKind.String)
            {
                problems.Add($"instances[{i}].content is required: a string");
            }

            if (instance["task_type"] is { } taskType && (taskType.GetValueKind() != JsonValueKind.String || !TaskTypes.Contains(taskType.GetValue<string>())))
            {
                problems.Add($"instances[{i}].task_type must be one of {string.Join(", ", TaskTypes)}");
            }
        }

        if (body["parameters"] is { } parameters)
        {
            if (parameters is not JsonObject block)
            {
                problems.Add("parameters must be an object");
            }
            else
            {
                Unknown(block, PredictParameters, "parameters.", problems);
                if (block["outputDimensionality"] is { } dimensions && !(dimensions is JsonValue value && value.TryGetValue<int>(out var size) && size >= 1))
                {
                    problems.Add("parameters.outputDimensionality must be a positive integer");
                }
            }
        }

        return problems;
    }

    /// <summary>Every rule an Amazon Titan text-embeddings InvokeModel body breaks.</summary>
    public static List<string> CheckTitan(JsonObject? body)
    {
        var problems = new List<string>();
        if (body is null)
        {
            problems.Add("Malformed input request: the body must be a JSON object");
            return problems;
        }

        Unknown(body, TitanFields, "", problems, "Malformed input request: #: extraneous key [{0}] is not permitted");
        if (body["inputText"] is not JsonValue text || text.GetValueKind() != JsonValueKind.String || text.GetValue<string>().Length == 0)
        {
            problems.Add("Malformed input request: #: required key [inputText] not found");
        }

        if (body["dimensions"] is { } dimensions && !(dimensions is JsonValue value && value.TryGetValue<int>(out var size) && size is 256 or 512 or 1024))
        {
            problems.Add("Malformed input request: #/dimensions: must be 256, 512 or 1024");
        }

        return problems;
    }

    /// <summary>Every rule a Cohere Embed InvokeModel body on Bedrock breaks.</summary>
    public static List<string> CheckBedrockCohere(JsonObject? body)
    {
        var problems = new List<string>();
        if (body is null)
        {
            problems.Add("Malformed input request: the body must be a JSON object");
            return problems;
        }

        Unknown(body, CohereFields, "", problems, "Malformed input request: #: extraneous key [{0}] is not permitted");
        if (body["texts"] is not JsonArray { Count: > 0 and <= 96 } texts || texts.Any(static t => t?.GetValueKind() != JsonValueKind.String))
        {
            problems.Add("Malformed input request: #/texts: expected 1 to 96 strings");
        }

        if (body["input_type"] is not JsonValue inputType || inputType.GetValueKind() != JsonValueKind.String
            || !CohereInputTypes.Contains(inputType.GetValue<string>()))
        {
            problems.Add($"Malformed input request: #/input_type: required, one of {string.Join(", ", CohereInputTypes)}");
        }

        return problems;
    }

    private static void Unknown(JsonObject body, string[] known, string prefix, List<string> problems, string format = "Unknown name \"{0}\": Cannot find field")
    {
        foreach (var (name, _) in body)
        {
            if (!known.Contains(name))
            {
                problems.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, prefix + name));
            }
        }
    }
}
