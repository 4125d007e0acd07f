using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Server.Experiments.OutputDiff;

/// <summary>
/// One text per JSON value, whatever its spelling: object keys sorted (ordinal), no whitespace,
/// numbers written as the double they denote (so <c>1</c>, <c>1.0</c> and <c>1e0</c> are one value),
/// strings escaped one way. Two outputs are an exact match when their canonical texts are equal.
/// </summary>
public static class CanonicalJson
{
    public static string Of(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject fields:
                text.Append('{');
                var first = true;
                foreach (var (name, value) in fields.OrderBy(static f => f.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    text.Append(JsonSerializer.Serialize(name)).Append(':');
                    Write(value, text);
                }

                text.Append('}');
                break;
            case JsonArray items:
                text.Append('[');
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    Write(items[i], text);
                }

                text.Append(']');
                break;
            case JsonValue value:
                WriteValue(value, text);
                break;
        }
    }

    private static void WriteValue(JsonValue value, StringBuilder text)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.Number:
                text.Append(Number(value.GetValue<double>()));
                break;
            case JsonValueKind.String:
                text.Append(JsonSerializer.Serialize(value.GetValue<string>()));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    /// <summary>The shortest text that reads back as the same double; -0 is 0.</summary>
    public static string Number(double value) =>
        value == 0 ? "0" : value.ToString("R", CultureInfo.InvariantCulture);
}
