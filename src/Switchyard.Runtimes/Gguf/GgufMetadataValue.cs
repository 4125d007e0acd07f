namespace Switchyard.Runtimes.Gguf;

/// <summary>
/// One metadata value of a GGUF file. Scalars keep their value; string arrays keep their strings
/// (a vocabulary); numeric arrays keep only their element type and length, since nothing here
/// needs the numbers and a vocabulary's scores can be large.
/// </summary>
public sealed record GgufMetadataValue(uint Type, object? Scalar, uint ElementType = 0, long Length = 0, IReadOnlyList<string>? Strings = null)
{
    /// <summary>GGUF value type of an array.</summary>
    public const uint ArrayType = 9;

    /// <summary>GGUF value type of a string.</summary>
    public const uint StringType = 8;

    /// <summary>True for an array value.</summary>
    public bool IsArray => Type == ArrayType;

    /// <summary>The value as an unsigned integer when it is any integer type and not negative.</summary>
    public ulong? AsUInt64() => Scalar switch
    {
        byte b => b,
        sbyte sb when sb >= 0 => (ulong)sb,
        ushort us => us,
        short s when s >= 0 => (ulong)s,
        uint ui => ui,
        int i when i >= 0 => (ulong)i,
        ulong ul => ul,
        long l when l >= 0 => (ulong)l,
        _ => null,
    };

    /// <summary>The value as a float when it is a floating-point type.</summary>
    public double? AsDouble() => Scalar switch
    {
        float f => f,
        double d => d,
        _ => null,
    };
}
