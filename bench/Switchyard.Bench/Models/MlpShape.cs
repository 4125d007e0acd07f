using System.Globalization;

namespace Switchyard.Bench.Models;

/// <summary>Sizes of a dense MLP input → hidden → outputs, written "I,H,O" on the command line.</summary>
public readonly record struct MlpShape(int Inputs, int Hidden, int Outputs)
{
    public static MlpShape Parse(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 3)
        {
            throw new FormatException($"MLP shape '{text}' is not I,H,O");
        }

        return new MlpShape(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Inputs}→{Hidden}→{Outputs}");

    public string ToArgument() => string.Create(CultureInfo.InvariantCulture, $"{Inputs},{Hidden},{Outputs}");
}
