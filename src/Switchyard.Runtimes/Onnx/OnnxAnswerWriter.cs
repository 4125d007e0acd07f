using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// Writes <c>{"predictions": …}</c> as MLflow's scoring server shapes it: for a DataFrame input, a
/// list of records with each output flattened to one value per row; for tensor input, an object
/// of output name to nested lists. Floats are written as float32 so they round-trip (30.5, not
/// 30.500000762939453).
/// </summary>
internal static class OnnxAnswerWriter
{
    // One writer per thread, reset onto each answer, saves a writer allocation per request.
    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    /// <summary>
    /// Returns null on success, or why the outputs cannot be written. <paramref name="encodedNames"/>
    /// are <paramref name="names"/> encoded once per model, so no name is transcoded per request.
    /// </summary>
    public static string? Write(IBufferWriter<byte> answer, string[] names, JsonEncodedText[] encodedNames, IReadOnlyList<OrtValue> outputs, bool records)
    {
        // Each output's type and shape is asked of ORT once: every ask is several native calls
        // and a new shape array.
        var count = outputs.Count;
        var infos = ArrayPool<OrtTensorTypeAndShapeInfo>.Shared.Rent(count);
        try
        {
            for (var o = 0; o < count; o++)
            {
                infos[o] = outputs[o].GetTensorTypeAndShape();
                var type = infos[o].ElementDataType;
                if (!Supports(type))
                {
                    return $"output '{names[o]}' has element type {type}, which cannot be written as JSON";
                }
            }

            if (records && !SameLength(infos.AsSpan(0, count)))
            {
                return "the outputs have different numbers of values, so they do not form one table";
            }

            WriteAnswer(answer, encodedNames, outputs, infos, records);
            return null;
        }
        finally
        {
            infos.AsSpan(0, count).Clear();
            ArrayPool<OrtTensorTypeAndShapeInfo>.Shared.Return(infos);
        }
    }

    private static void WriteAnswer(IBufferWriter<byte> answer, JsonEncodedText[] names, IReadOnlyList<OrtValue> outputs, OrtTensorTypeAndShapeInfo[] infos, bool records)
    {
        var writer = _threadWriter;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(answer, new JsonWriterOptions { SkipValidation = true });
            _threadWriter = writer;
        }
        else
        {
            writer.Reset(answer);
        }

        writer.WriteStartObject();
        writer.WritePropertyName("predictions"u8);
        if (records)
        {
            WriteRecords(writer, names, outputs, infos);
        }
        else
        {
            writer.WriteStartObject();
            for (var o = 0; o < outputs.Count; o++)
            {
                writer.WritePropertyName(names[o]);
                WriteTensor(writer, outputs[o], infos[o]);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.Flush();
        writer.Reset(NullBufferWriter.Instance);
    }

    private static void WriteRecords(Utf8JsonWriter writer, JsonEncodedText[] names, IReadOnlyList<OrtValue> outputs, OrtTensorTypeAndShapeInfo[] infos)
    {
        // Each output's bytes are copied once into a pooled array, so the row loop reads plain
        // memory instead of asking ORT for a span (a native call and an allocation) per value.
        var count = outputs.Count;
        var rows = (int)infos[0].ElementCount;
        var copies = ArrayPool<byte[]>.Shared.Rent(count);
        var types = ArrayPool<TensorElementType>.Shared.Rent(count);
        try
        {
            for (var o = 0; o < count; o++)
            {
                types[o] = infos[o].ElementDataType;
                if (types[o] == TensorElementType.String)
                {
                    copies[o] = [];
                    continue;
                }

                var raw = outputs[o].GetTensorMutableRawData();
                copies[o] = ArrayPool<byte>.Shared.Rent(raw.Length);
                raw.CopyTo(copies[o]);
            }

            writer.WriteStartArray();
            for (var r = 0; r < rows; r++)
            {
                writer.WriteStartObject();
                for (var o = 0; o < count; o++)
                {
                    writer.WritePropertyName(names[o]);
                    if (types[o] == TensorElementType.String)
                    {
                        writer.WriteStringValue(outputs[o].GetStringElementAsSpan(r));
                    }
                    else
                    {
                        WriteElement(writer, copies[o], types[o], r);
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
        finally
        {
            for (var o = 0; o < count; o++)
            {
                if (copies[o] is { Length: > 0 } copy)
                {
                    ArrayPool<byte>.Shared.Return(copy);
                }

                copies[o] = null!;
            }

            ArrayPool<byte[]>.Shared.Return(copies);
            ArrayPool<TensorElementType>.Shared.Return(types);
        }
    }

    private static void WriteTensor(Utf8JsonWriter writer, OrtValue value, OrtTensorTypeAndShapeInfo info)
    {
        var shape = info.Shape;
        var type = info.ElementDataType;
        var raw = type == TensorElementType.String ? default : value.GetTensorMutableRawData();
        var total = (int)info.ElementCount;
        if (shape.Length == 0)
        {
            WriteAt(writer, value, raw, type, 0);
            return;
        }

        // Walk the flat row-major data once, opening and closing lists at dimension boundaries.
        Span<long> counters = stackalloc long[shape.Length];
        for (var d = 0; d < shape.Length; d++)
        {
            writer.WriteStartArray();
            if (shape[d] == 0)
            {
                for (var close = 0; close <= d; close++)
                {
                    writer.WriteEndArray();
                }

                return;
            }
        }

        for (var i = 0; i < total; i++)
        {
            WriteAt(writer, value, raw, type, i);
            var d = shape.Length - 1;
            while (d >= 0 && ++counters[d] == shape[d])
            {
                counters[d] = 0;
                writer.WriteEndArray();
                d--;
            }

            if (d >= 0)
            {
                for (var open = d + 1; open < shape.Length; open++)
                {
                    writer.WriteStartArray();
                }
            }
        }
    }

    private static void WriteAt(Utf8JsonWriter writer, OrtValue value, ReadOnlySpan<byte> raw, TensorElementType type, int index)
    {
        if (type == TensorElementType.String)
        {
            writer.WriteStringValue(value.GetStringElementAsSpan(index));
        }
        else
        {
            WriteElement(writer, raw, type, index);
        }
    }

    private static void WriteElement(Utf8JsonWriter writer, ReadOnlySpan<byte> raw, TensorElementType type, int index)
    {
        switch (type)
        {
            case TensorElementType.Float: WriteFloat(writer, MemoryMarshal.Cast<byte, float>(raw)[index]); break;
            case TensorElementType.Double: WriteDouble(writer, MemoryMarshal.Cast<byte, double>(raw)[index]); break;
            case TensorElementType.Int64: writer.WriteNumberValue(MemoryMarshal.Cast<byte, long>(raw)[index]); break;
            case TensorElementType.Int32: writer.WriteNumberValue(MemoryMarshal.Cast<byte, int>(raw)[index]); break;
            default: writer.WriteBooleanValue(raw[index] != 0); break;
        }
    }

    // JSON has no NaN or infinity; MLflow's encoder writes them bare, which strict parsers reject,
    // so they become null here.
    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static bool Supports(TensorElementType type) =>
        type is TensorElementType.Float or TensorElementType.Double or TensorElementType.Int64
            or TensorElementType.Int32 or TensorElementType.Bool or TensorElementType.String;

    private static bool SameLength(ReadOnlySpan<OrtTensorTypeAndShapeInfo> infos)
    {
        for (var o = 1; o < infos.Length; o++)
        {
            if (infos[o].ElementCount != infos[0].ElementCount)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parks the cached writer so it holds no reference to the last request's buffer.</summary>
    private sealed class NullBufferWriter : IBufferWriter<byte>
    {
        public static readonly NullBufferWriter Instance = new();

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Array.Empty<byte>();

        public Span<byte> GetSpan(int sizeHint = 0) => [];
    }
}
