namespace Switchyard.Core.Runtimes;

/// <summary>
/// An MLflow model signature: named columns (a column-based schema) or tensors (a tensor-based
/// schema) in, the same out. Mirrors what <c>MLmodel</c> files hold under <c>signature</c>.
/// </summary>
public sealed record ModelSignature(IReadOnlyList<SignatureField> Inputs, IReadOnlyList<SignatureField> Outputs)
{
    /// <summary>True when the inputs are tensors rather than dataframe columns.</summary>
    public bool IsTensorBased => Inputs.Count > 0 && Inputs[0].Shape is not null;
}

/// <summary>
/// One input or output. A column has <see cref="Type"/> (an MLflow column type such as
/// <c>double</c>, <c>long</c>, <c>string</c>); a tensor has <see cref="Type"/> = its numpy dtype
/// (<c>float32</c>, <c>int64</c>…) and a <see cref="Shape"/> in which -1 is a free dimension.
/// </summary>
public sealed record SignatureField(string? Name, string Type, IReadOnlyList<long>? Shape = null, bool Required = true);
