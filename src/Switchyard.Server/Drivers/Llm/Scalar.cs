using System.Text.Json;
using Switchyard.Server.Http;

namespace Switchyard.Server.Drivers.Llm;

/// <summary>
/// A number or flag field of an LLM query as the reader found it, checked later, in the order
/// the errors are reported (<see cref="LlmRequestReader"/>). The default is an absent field.
/// </summary>
internal readonly struct Scalar
{
    private readonly JsonTokenType _token;
    private readonly long? _integer;
    private readonly double? _number;

    private Scalar(JsonTokenType token, long? integer, double? number)
    {
        _token = token;
        _integer = integer;
        _number = number;
    }

    /// <summary>Absent, or JSON null.</summary>
    public bool IsAbsent => _token is JsonTokenType.None or JsonTokenType.Null;

    /// <summary>Takes the value the reader stands on (passing over, checked, any array or object).</summary>
    public static Scalar Read(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new Scalar(JsonTokenType.Number,
                reader.TryGetInt64(out var integer) ? integer : null,
                reader.TryGetDouble(out var number) ? number : null);
        }

        var token = reader.TokenType;
        CheckedTokens.Skip(ref reader, field);
        return new Scalar(token, null, null);
    }

    public long? Integer(string field, long min, long max, List<string> errors)
    {
        if (IsAbsent)
        {
            return null;
        }

        if (_integer is not { } value)
        {
            errors.Add($"{field} must be an integer.");
            return null;
        }

        if (value < min || value > max)
        {
            errors.Add(max is int.MaxValue or long.MaxValue ? $"{field} must be at least {min}." : $"{field} must be between {min} and {max}.");
            return null;
        }

        return value;
    }

    public double? Number(string field, double min, double max, List<string> errors)
    {
        if (IsAbsent)
        {
            return null;
        }

        if (_number is not { } value)
        {
            errors.Add($"{field} must be a number.");
            return null;
        }

        if (value < min || value > max)
        {
            errors.Add($"{field} must be between {min} and {max}.");
            return null;
        }

        return value;
    }

    public bool? Bool(string field, List<string> errors)
    {
        if (IsAbsent)
        {
            return null;
        }

        if (_token is not (JsonTokenType.True or JsonTokenType.False))
        {
            errors.Add($"{field} must be true or false.");
            return null;
        }

        return _token == JsonTokenType.True;
    }
}
