using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Switchyard.Providers;

/// <summary>
/// Reads of a provider's answer straight from its pooled document, as every provider's answer
/// reader does them. A field that is missing, null or of another kind than the provider's types
/// give it reads as absent, never as an exception: a reach into a missing object yields an
/// undefined element, which every read here takes as absent, so a chain of reads needs no checks.
/// </summary>
internal static class AnswerFields
{
    /// <summary>The field <paramref name="name"/> of <paramref name="owner"/>, or an undefined element when the owner is no object or lacks it.</summary>
    public static JsonElement Member(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) ? value : default;

    public static string? String(JsonElement owner, string name) =>
        Member(owner, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static int? Int(JsonElement owner, string name) =>
        Member(owner, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : null;

    public static double? Double(JsonElement owner, string name) =>
        Member(owner, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDouble(out var number) ? number : null;

    /// <summary>
    /// A tool call's input (Bedrock's <c>toolUse.input</c>, Gemini's <c>functionCall.args</c>) as
    /// OpenAI's arguments string: the compact JSON text our own writer gives (escaping included),
    /// whatever spacing the provider sent, so arguments read the same whichever provider made them.
    /// No input, or a null one, is an empty object.
    /// </summary>
    public static string Arguments(JsonElement call, string name)
    {
        var value = Member(call, name);
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return "{}";
        }

        var written = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(written))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(written.WrittenSpan);
    }

    /// <summary>An embedding; a vector that is no list reads as empty, and a value that is no number as 0, keeping the others in place.</summary>
    public static float[] Floats(JsonElement values)
    {
        if (values.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var vector = new float[values.GetArrayLength()];
        var i = 0;
        foreach (var value in values.EnumerateArray())
        {
            vector[i++] = value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? (float)number : 0;
        }

        return vector;
    }
}
