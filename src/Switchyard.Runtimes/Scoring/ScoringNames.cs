using System.Text;
using System.Text.Json;

namespace Switchyard.Runtimes.Scoring;

/// <summary>
/// The column or tensor names a model expects, kept as strings and as UTF-8, so parsing a request
/// can hand out the model's own string for a name it finds instead of allocating one per column
/// (and per cell of <c>dataframe_records</c>). Names the model does not know are read as before.
/// </summary>
public sealed class ScoringNames
{
    private readonly string[] _names;
    private readonly byte[][] _utf8;

    public ScoringNames(IEnumerable<string> names)
    {
        _names = [.. names];
        _utf8 = Array.ConvertAll(_names, static n => Encoding.UTF8.GetBytes(n));
    }

    /// <summary>The known name equal to a JSON string, or null; <paramref name="hint"/> is tried first (requests usually list names in the model's order).</summary>
    public string? Find(JsonElement value, int hint)
    {
        if ((uint)hint < (uint)_names.Length && value.ValueEquals(_utf8[hint]))
        {
            return _names[hint];
        }

        for (var i = 0; i < _names.Length; i++)
        {
            if (value.ValueEquals(_utf8[i]))
            {
                return _names[i];
            }
        }

        return null;
    }

    /// <summary>The known name equal to a property's name, or null; <paramref name="hint"/> is tried first.</summary>
    public string? Find(JsonProperty property, int hint)
    {
        if ((uint)hint < (uint)_names.Length && property.NameEquals(_utf8[hint]))
        {
            return _names[hint];
        }

        for (var i = 0; i < _names.Length; i++)
        {
            if (property.NameEquals(_utf8[i]))
            {
                return _names[i];
            }
        }

        return null;
    }
}
