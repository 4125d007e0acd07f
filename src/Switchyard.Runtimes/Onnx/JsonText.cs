using System.Text.Json;
using Switchyard.Runtimes.Scoring;

namespace Switchyard.Runtimes.Onnx;

/// <summary>Short descriptions of JSON values and expected kinds for bad-input messages.</summary>
internal static class JsonText
{
    private const int MaxShown = 40;

    public static string Got(JsonElement value)
    {
        var kind = ScoringRequest.Describe(value);
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
        {
            return "a " + kind;
        }

        var raw = value.GetRawText();
        return $"a {kind} ({(raw.Length > MaxShown ? raw[..MaxShown] + "…" : raw)})";
    }

    public static string Expected(ScalarKind kind, string typeName) => kind switch
    {
        ScalarKind.Integer => $"an integer ({typeName})",
        ScalarKind.Boolean => $"true or false ({typeName})",
        _ => $"a number ({typeName})",
    };
}
