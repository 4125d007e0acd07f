using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Providers.Bedrock;

/// <summary>
/// Embedding bodies for Bedrock's InvokeModel, which differ by model family: Amazon Titan takes
/// one <c>inputText</c> per call (so one call per input) and answers <c>embedding</c> with
/// <c>inputTextTokenCount</c>; Cohere takes all <c>texts</c> at once and answers
/// <c>embeddings</c> (without token counts).
/// </summary>
public static class BedrockEmbeddingWire
{
    /// <summary>True when <paramref name="bedrockProvider"/> embeds one input per call (Titan).</summary>
    public static bool OneInputPerCall(string bedrockProvider) => Family(bedrockProvider) == "amazon";

    public static void WriteTitanBody(Utf8JsonWriter writer, string input)
    {
        writer.WriteStartObject();
        writer.WriteString("inputText"u8, input);
        writer.WriteEndObject();
    }

    /// <summary>A Cohere embed body; <c>input_type</c> as the query chose it (see <see cref="Cohere.CohereWire.InputType"/>).</summary>
    public static void WriteCohereBody(Utf8JsonWriter writer, Core.Llm.LlmRequest request)
    {
        // Read first, so that an input_type Cohere does not know is refused before a byte is written.
        var inputType = Cohere.CohereWire.InputType(request);
        writer.WriteStartObject();
        WireWriter.WriteStrings(writer, "texts"u8, request.Inputs);
        writer.WriteString("input_type"u8, inputType);
        writer.WriteEndObject();
    }

    public static (float[] Vector, int Tokens) TitanAnswer(JsonElement answer) =>
        (AnswerFields.Member(answer, "embedding") is { ValueKind: JsonValueKind.Array } embedding
            ? Vector(embedding)
            : throw new Core.Llm.ProviderException(ConverseWire.Provider, 200, "Bedrock's Titan answer has no embedding."),
         AnswerFields.Int(answer, "inputTextTokenCount") ?? 0);

    public static List<float[]> CohereAnswer(JsonElement answer)
    {
        // embedding_types makes the answer an object keyed by type; without it, a plain array.
        var embeddings = AnswerFields.Member(answer, "embeddings");
        if (embeddings.ValueKind == JsonValueKind.Object)
        {
            embeddings = AnswerFields.Member(embeddings, "float");
        }

        if (embeddings.ValueKind != JsonValueKind.Array)
        {
            throw new Core.Llm.ProviderException(ConverseWire.Provider, 200, "Bedrock's Cohere answer has no embeddings.");
        }

        var vectors = new List<float[]>(embeddings.GetArrayLength());
        foreach (var vector in embeddings.EnumerateArray())
        {
            vectors.Add(vector.ValueKind == JsonValueKind.Array ? Vector(vector) : []);
        }

        return vectors;
    }

    /// <summary>
    /// One embedding. Each entry is read as a double and then narrowed, since reading a float
    /// directly can round differently and change vectors callers already hold. A null entry reads
    /// as 0; an entry that is no number makes the answer unreadable, as it always has.
    /// </summary>
    private static float[] Vector(JsonElement values)
    {
        var vector = new float[values.GetArrayLength()];
        var i = 0;
        foreach (var value in values.EnumerateArray())
        {
            vector[i++] = value.ValueKind == JsonValueKind.Null ? 0 : (float)value.GetDouble();
        }

        return vector;
    }

    /// <summary>The embedding families this server can call; others are refused when the entity loads.</summary>
    public static void CheckFamily(string bedrockProvider)
    {
        if (Family(bedrockProvider) is not ("amazon" or "cohere"))
        {
            throw ServingException.Invalid(
                $"Embeddings on Amazon Bedrock are served for bedrock_provider amazon (Titan) and cohere, not '{bedrockProvider}'.");
        }
    }

    private static string Family(string bedrockProvider) => bedrockProvider.ToLowerInvariant();
}
