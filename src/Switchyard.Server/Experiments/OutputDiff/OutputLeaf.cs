namespace Switchyard.Server.Experiments.OutputDiff;

/// <summary>
/// One value of a structured output, in document order: a number or a label (a string or a boolean).
/// <see cref="IsWhole"/> marks a whole number of a custom model's predictions written without a point
/// or exponent, which is how classifiers answer class ids: two such values at one position compare
/// as labels, a whole number against a fractional one as numbers (a regression's 2.0 is written "2").
/// </summary>
public readonly record struct OutputLeaf(bool IsLabel, bool IsWhole, double Number, string Label)
{
    public static OutputLeaf OfNumber(double number, bool whole = false) => new(false, whole, number, "");

    public static OutputLeaf OfLabel(string label) => new(true, false, 0, label);
}
