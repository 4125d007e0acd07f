using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>A DuckDB result value as JSON: numbers and booleans as themselves, dates and times in ISO 8601, lists as arrays, structs and maps as objects, the rest as text.</summary>
public static class SqlValues
{
    public static JsonNode? ToJson(object? value) => value switch
    {
        null or DBNull => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int or long or short or sbyte or byte or ushort or uint or ulong or decimal => JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
        double number when double.IsFinite(number) => JsonValue.Create(number),
        float number when float.IsFinite(number) => JsonValue.Create(number),
        BigInteger big => JsonValue.Create(big.ToString(CultureInfo.InvariantCulture)),
        DateOnly day => JsonValue.Create(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTime time => JsonValue.Create(time.ToString("O", CultureInfo.InvariantCulture)),
        DateTimeOffset time => JsonValue.Create(time.ToString("O", CultureInfo.InvariantCulture)),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        IDictionary map => Object(map),
        IEnumerable list => Array(list),
        IFormattable formattable => JsonValue.Create(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonObject Object(IDictionary map)
    {
        var json = new JsonObject();
        foreach (DictionaryEntry entry in map)
        {
            json[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = ToJson(entry.Value);
        }

        return json;
    }

    private static JsonArray Array(IEnumerable list)
    {
        var json = new JsonArray();
        foreach (var item in list)
        {
            json.Add(ToJson(item));
        }

        return json;
    }
}
