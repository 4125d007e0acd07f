using System.Text.Json;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// Reads the reader's current JSON number as a double, the same double as
/// <see cref="Utf8JsonReader.TryGetDouble"/> gives, in a fraction of its time for the numbers
/// tensors are usually sent as (up to 15 significant digits, a small exponent). A tensor body of
/// 1,024 features spent more time in the framework's general parser than in everything else it did
/// around the model run.
/// </summary>
/// <remarks>
/// The fast way is exact: when the digits, read as an integer, fit in a double's 53-bit
/// significand and the power of ten is at most 10^22 (itself exact in a double), one multiply or
/// divide of two exact doubles is correctly rounded by IEEE 754, which is what the framework's
/// parser guarantees too (Clinger, 1990). Anything else (more digits, a larger exponent) is left
/// to the framework. The reader has already checked the number's syntax.
/// </remarks>
internal static class JsonDecimal
{
    private const ulong MaxExactSignificand = 1UL << 53;

    // 18 digits never overflow a ulong; a longer significand goes the framework's way anyway.
    private const int MaxDigits = 18;

    private const int MaxExactPowerOfTen = 22;

    // A field, not a span property over the constants: as a property the table was a new array on
    // every read in Debug builds (18 KB for a 256-number body in the allocation budget test).
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>The number the reader is on, and whether it reads, exactly as <see cref="Utf8JsonReader.TryGetDouble"/> answers.</summary>
    public static bool TryGetDouble(ref Utf8JsonReader reader, out double value)
    {
        if (!reader.HasValueSequence && TryExact(reader.ValueSpan, out value))
        {
            return true;
        }

        return reader.TryGetDouble(out value);
    }

    /// <summary>The exact double of a JSON number's text, when the fast way applies.</summary>
    internal static bool TryExact(ReadOnlySpan<byte> number, out double value)
    {
        value = 0;
        var at = 0;
        var negative = number.Length > 0 && number[0] == (byte)'-';
        if (negative)
        {
            at++;
        }

        ulong significand = 0;
        var digits = 0;
        var scale = 0;
        var inFraction = false;
        for (; at < number.Length; at++)
        {
            var c = number[at];
            if (c == (byte)'.')
            {
                inFraction = true;
                continue;
            }

            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                break;
            }

            // Leading zeros are not significant digits.
            if (significand == 0 && digit == 0)
            {
                scale -= inFraction ? 1 : 0;
                continue;
            }

            if (++digits > MaxDigits)
            {
                return false;
            }

            significand = (significand * 10) + digit;
            scale -= inFraction ? 1 : 0;
        }

        if (at < number.Length && !TryAddExponent(number[(at + 1)..], ref scale))
        {
            return false;
        }

        if (significand == 0)
        {
            // Zero keeps its sign whatever its exponent, as the framework's parser gives it.
            value = negative ? -0.0 : 0.0;
            return true;
        }

        if (significand > MaxExactSignificand || scale is < -MaxExactPowerOfTen or > MaxExactPowerOfTen)
        {
            return false;
        }

        var magnitude = scale >= 0 ? significand * PowersOfTen[scale] : significand / PowersOfTen[-scale];
        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>Adds the digits after <c>e</c> or <c>E</c> to <paramref name="scale"/>; false for an exponent too long to be small.</summary>
    private static bool TryAddExponent(ReadOnlySpan<byte> exponent, ref int scale)
    {
        var sign = 1;
        if (exponent.Length > 0 && exponent[0] is (byte)'+' or (byte)'-')
        {
            sign = exponent[0] == (byte)'-' ? -1 : 1;
            exponent = exponent[1..];
        }

        // Four digits bound it well inside int and cover every exponent the fast way takes.
        if (exponent.Length is 0 or > 4)
        {
            return false;
        }

        var power = 0;
        foreach (var c in exponent)
        {
            power = (power * 10) + (c - '0');
        }

        scale += sign * power;
        return true;
    }
}
