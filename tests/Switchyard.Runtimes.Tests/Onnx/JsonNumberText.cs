using System.Text;

namespace Switchyard.Runtimes.Tests.Onnx;

/// <summary>Seeded JSON numbers of every shape, for the tests that hold the tensor readers to the framework's parser.</summary>
internal static class JsonNumberText
{
    /// <summary>A valid JSON number: sign, integer part without leading zeros, fraction, exponent, each in varied lengths.</summary>
    public static string Next(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(3) == 0)
        {
            text.Append('-');
        }

        var integerDigits = random.Next(0, 20);
        if (integerDigits == 0)
        {
            text.Append('0');
        }
        else
        {
            text.Append((char)('1' + random.Next(9)));
            AppendDigits(text, random, integerDigits - 1);
        }

        if (random.Next(4) != 0)
        {
            text.Append('.');
            // Zeros right after the point are common in features (0.000125) and must not count as digits.
            text.Append('0', random.Next(3) == 0 ? random.Next(1, 8) : 0);
            AppendDigits(text, random, random.Next(1, 20));
        }

        if (random.Next(3) == 0)
        {
            text.Append(random.Next(2) == 0 ? 'e' : 'E');
            text.Append(random.Next(3) switch { 0 => "+", 1 => "-", _ => "" });
            text.Append(random.Next(4) == 0 ? random.Next(0, 400) : random.Next(0, 30));
        }

        return text.ToString();
    }

    private static void AppendDigits(StringBuilder text, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            text.Append((char)('0' + random.Next(10)));
        }
    }
}
