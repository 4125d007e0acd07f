using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Server.Experiments.OutputDiff;

/// <summary>
/// An answer read for comparison: its <see cref="OutputKind"/>, the canonical text of the part that
/// is the model's output (an LLM answer's <c>id</c>, <c>created</c>, <c>model</c> and <c>usage</c>
/// differ on every call, so they are left out), its values in order (<see cref="Leaves"/>, for
/// predictions and embeddings) and its text (for LLM answers and anything else).
/// </summary>
public sealed class ReadOutput
{
    private ReadOutput(OutputKind kind, string canonical, IReadOnlyList<OutputLeaf> leaves, string text)
    {
        Kind = kind;
        Canonical = canonical;
        Leaves = leaves;
        Text = text;
    }

    public OutputKind Kind { get; }

    /// <summary>The output's canonical JSON (<see cref="CanonicalJson"/>), or the text itself when it is not JSON.</summary>
    public string Canonical { get; }

    public IReadOnlyList<OutputLeaf> Leaves { get; }

    public string Text { get; }

    public static ReadOutput Of(string answer)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(answer);
        }
        catch (JsonException)
        {
            return AsText(answer);
        }

        return parsed switch
        {
            JsonObject fields when fields["predictions"] is { } predictions => Predictions(predictions),
            JsonObject fields when fields["outputs"] is { } outputs => Predictions(outputs),
            JsonArray items => Predictions(items),
            JsonObject fields when fields["choices"] is JsonArray choices && LlmTexts(choices) is { } texts =>
                new ReadOutput(OutputKind.LlmText, CanonicalJson.Of(new JsonArray([.. texts.Select(static t => JsonValue.Create(t))])), [], string.Join("\n", texts)),
            JsonObject fields when fields["data"] is JsonArray data && Embeddings(data) is { } vectors => EmbeddingsOf(vectors),
            _ => AsText(CanonicalJson.Of(parsed)),
        };
    }

    private static ReadOutput AsText(string text) => new(OutputKind.Text, text, [], text);

    private static ReadOutput Predictions(JsonNode predictions)
    {
        var leaves = new List<OutputLeaf>();
        Flatten(predictions, leaves, mayBeClassIds: true);
        return new ReadOutput(OutputKind.Predictions, CanonicalJson.Of(predictions), leaves, "");
    }

    private static ReadOutput EmbeddingsOf(JsonArray vectors)
    {
        var leaves = new List<OutputLeaf>();
        Flatten(vectors, leaves, mayBeClassIds: false);
        return new ReadOutput(OutputKind.Embeddings, CanonicalJson.Of(vectors), leaves, "");
    }

    /// <summary>The values in document order; an object's values in the order of its sorted keys, so a record's columns pair up by name.</summary>
    private static void Flatten(JsonNode? node, List<OutputLeaf> leaves, bool mayBeClassIds)
    {
        switch (node)
        {
            case JsonObject fields:
                foreach (var (_, value) in fields.OrderBy(static f => f.Key, StringComparer.Ordinal))
                {
                    Flatten(value, leaves, mayBeClassIds);
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    Flatten(item, leaves, mayBeClassIds);
                }

                break;
            case JsonValue value:
                leaves.Add(Leaf(value, mayBeClassIds));
                break;
            default:
                leaves.Add(OutputLeaf.OfLabel("null"));
                break;
        }
    }

    private static OutputLeaf Leaf(JsonValue value, bool mayBeClassIds)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.Number:
                var number = value.GetValue<double>();
                return OutputLeaf.OfNumber(number, whole: mayBeClassIds && IsIntegerLiteral(value.ToJsonString()));
            case JsonValueKind.String:
                return OutputLeaf.OfLabel(value.GetValue<string>());
            case JsonValueKind.True:
                return OutputLeaf.OfLabel("true");
            case JsonValueKind.False:
                return OutputLeaf.OfLabel("false");
            default:
                return OutputLeaf.OfLabel("null");
        }
    }

    private static bool IsIntegerLiteral(string literal) =>
        literal.AsSpan().IndexOfAny(".eE") < 0;

    /// <summary>Each choice's text (a chat message's content, a completion's text), or null when a choice has neither.</summary>
    private static List<string>? LlmTexts(JsonArray choices)
    {
        var texts = new List<string>(choices.Count);
        foreach (var choice in choices)
        {
            if (choice is not JsonObject fields)
            {
                return null;
            }

            var content = fields["message"]?["content"] ?? fields["text"];
            switch (content)
            {
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    texts.Add(value.GetValue<string>());
                    break;
                case JsonArray parts:
                    // Content given as parts: their text, in order.
                    texts.Add(string.Concat(parts.Select(static p => p?["text"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : "")));
                    break;
                default:
                    return null;
            }
        }

        return texts;
    }

    private static JsonArray? Embeddings(JsonArray data)
    {
        var vectors = new JsonArray();
        foreach (var item in data)
        {
            if (item?["embedding"] is not JsonArray embedding)
            {
                return null;
            }

            vectors.Add(embedding.DeepClone());
        }

        return vectors;
    }
}
