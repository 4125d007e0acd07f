using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Switchyard.Runtimes.Scoring;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// A pooled, typed array that one request's values are cast into, then wrapped by an OrtValue
/// without copying. Return it only after the run that reads it has finished.
/// </summary>
internal sealed class OnnxTensorBuffer
{
    private readonly TensorElementType _type;
    private int _count;
    private float[]? _floats;
    private double[]? _doubles;
    private int[]? _ints;
    private long[]? _longs;
    private bool[]? _bools;

    public OnnxTensorBuffer(TensorElementType type, int count)
    {
        _type = type;
        _count = count;
        switch (type)
        {
            case TensorElementType.Float: _floats = ArrayPool<float>.Shared.Rent(count); break;
            case TensorElementType.Double: _doubles = ArrayPool<double>.Shared.Rent(count); break;
            case TensorElementType.Int32: _ints = ArrayPool<int>.Shared.Rent(count); break;
            case TensorElementType.Int64: _longs = ArrayPool<long>.Shared.Rent(count); break;
            case TensorElementType.Bool: _bools = ArrayPool<bool>.Shared.Rent(count); break;
            default: throw new NotSupportedException($"ONNX element type {type} is not supported");
        }
    }

    public static bool Supports(TensorElementType type) =>
        type is TensorElementType.Float or TensorElementType.Double or TensorElementType.Int32
            or TensorElementType.Int64 or TensorElementType.Bool;

    /// <summary>The kind of JSON scalar a tensor of this element type takes.</summary>
    public static ScalarKind KindOf(TensorElementType type) => type switch
    {
        TensorElementType.Bool => ScalarKind.Boolean,
        TensorElementType.Int32 or TensorElementType.Int64 => ScalarKind.Integer,
        _ => ScalarKind.Floating,
    };

    public static string DtypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int64 => "int64",
        TensorElementType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>The slots as raw bytes (native layout, as ORT reads them), for stacking and splitting batches.</summary>
    public Span<byte> Bytes => _type switch
    {
        TensorElementType.Float => MemoryMarshal.AsBytes(_floats.AsSpan(0, _count)),
        TensorElementType.Double => MemoryMarshal.AsBytes(_doubles.AsSpan(0, _count)),
        TensorElementType.Int32 => MemoryMarshal.AsBytes(_ints.AsSpan(0, _count)),
        TensorElementType.Int64 => MemoryMarshal.AsBytes(_longs.AsSpan(0, _count)),
        _ => MemoryMarshal.AsBytes(_bools.AsSpan(0, _count)),
    };

    /// <summary>The float slots, for a reader that casts values straight into them.</summary>
    public Span<float> FloatSlots => _floats.AsSpan(0, _count);

    /// <summary>Keeps only the first <paramref name="count"/> slots, when fewer values came than were rented for.</summary>
    public void Truncate(int count) => _count = Math.Min(count, _count);

    public void Clear()
    {
        _floats?.AsSpan(0, _count).Clear();
        _doubles?.AsSpan(0, _count).Clear();
        _ints?.AsSpan(0, _count).Clear();
        _longs?.AsSpan(0, _count).Clear();
        _bools?.AsSpan(0, _count).Clear();
    }

    /// <summary>
    /// Checks one JSON value against <paramref name="kind"/> and casts it into slot
    /// <paramref name="index"/>; returns false when it does not fit (nothing to say but the kind).
    /// </summary>
    public bool TrySet(int index, JsonElement value, ScalarKind kind)
    {
        double number;
        long integer = 0;
        var isInteger = false;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when kind == ScalarKind.Floating:
                number = value.GetDouble();

                // Only an integer tensor needs the exact integer (beyond 2^53 a double rounds);
                // a float tensor would parse every number twice for nothing.
                if (_type is TensorElementType.Int64 or TensorElementType.Int32 && value.TryGetInt64(out integer))
                {
                    isInteger = true;
                }

                break;
            case JsonValueKind.Number when kind == ScalarKind.Integer:
                if (value.TryGetInt64(out integer))
                {
                    isInteger = true;
                    number = integer;
                    break;
                }

                // 3.0 is an integer written as a float; 3.5 is not.
                number = value.GetDouble();
                if (number != Math.Floor(number) || double.IsInfinity(number) || Math.Abs(number) > 9.2e18)
                {
                    return false;
                }

                integer = (long)number;
                isInteger = true;
                break;
            case JsonValueKind.True or JsonValueKind.False when kind == ScalarKind.Boolean:
                integer = value.ValueKind == JsonValueKind.True ? 1 : 0;
                number = integer;
                isInteger = true;
                break;
            default:
                return false;
        }

        switch (_type)
        {
            case TensorElementType.Float: _floats![index] = (float)number; break;
            case TensorElementType.Double: _doubles![index] = number; break;
            case TensorElementType.Int64: _longs![index] = isInteger ? integer : (long)number; break;
            case TensorElementType.Int32:
                var wide = isInteger ? integer : (long)number;
                if (wide is < int.MinValue or > int.MaxValue)
                {
                    return false;
                }

                _ints![index] = (int)wide;
                break;
            default: _bools![index] = number != 0; break;
        }

        return true;
    }

    public OrtValue ToOrtValue(long[] shape) => _type switch
    {
        TensorElementType.Float => Create(_floats!, shape),
        TensorElementType.Double => Create(_doubles!, shape),
        TensorElementType.Int32 => Create(_ints!, shape),
        TensorElementType.Int64 => Create(_longs!, shape),
        _ => Create(_bools!, shape),
    };

    public void Return()
    {
        if (_floats is not null) { ArrayPool<float>.Shared.Return(_floats); _floats = null; }
        if (_doubles is not null) { ArrayPool<double>.Shared.Return(_doubles); _doubles = null; }
        if (_ints is not null) { ArrayPool<int>.Shared.Return(_ints); _ints = null; }
        if (_longs is not null) { ArrayPool<long>.Shared.Return(_longs); _longs = null; }
        if (_bools is not null) { ArrayPool<bool>.Shared.Return(_bools); _bools = null; }
    }

    private OrtValue Create<T>(T[] array, long[] shape)
        where T : unmanaged =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<T>(array, 0, _count), shape);
}
