using System.Text;

namespace Switchyard.SampleModels.Gguf;

/// <summary>
/// Writes GGUF version 3 files (little-endian): header, metadata key/values (scalars, strings and
/// arrays), tensor infos and the aligned tensor data. Enough to build small llama.cpp models with
/// F32 weights, and to build deliberately wrong files for tests (a tensor may declare any type,
/// shape or offset).
/// </summary>
public sealed class GgufWriter
{
    /// <summary>ggml tensor type id of 32-bit floats.</summary>
    public const uint GgmlTypeF32 = 0;

    /// <summary>The alignment llama.cpp assumes when general.alignment is absent.</summary>
    public const int DefaultAlignment = 32;

    private static readonly byte[] Magic = "GGUF"u8.ToArray();

    private readonly List<(string Key, GgufValueType Type, Action<BinaryWriter> WriteValue)> _values = [];
    private readonly List<PendingTensor> _tensors = [];

    /// <summary>The data alignment; writing general.alignment is up to the caller.</summary>
    public int Alignment { get; init; } = DefaultAlignment;

    /// <summary>Adds a string value.</summary>
    public GgufWriter Add(string key, string value) => AddValue(key, GgufValueType.String, w => WriteString(w, value));

    /// <summary>Adds a u32 value.</summary>
    public GgufWriter AddUInt32(string key, uint value) => AddValue(key, GgufValueType.UInt32, w => w.Write(value));

    /// <summary>Adds an i32 value.</summary>
    public GgufWriter AddInt32(string key, int value) => AddValue(key, GgufValueType.Int32, w => w.Write(value));

    /// <summary>Adds a u64 value.</summary>
    public GgufWriter AddUInt64(string key, ulong value) => AddValue(key, GgufValueType.UInt64, w => w.Write(value));

    /// <summary>Adds an f32 value.</summary>
    public GgufWriter AddFloat32(string key, float value) => AddValue(key, GgufValueType.Float32, w => w.Write(value));

    /// <summary>Adds a boolean value (one byte).</summary>
    public GgufWriter AddBool(string key, bool value) => AddValue(key, GgufValueType.Bool, w => w.Write(value ? (byte)1 : (byte)0));

    /// <summary>Adds an array of strings.</summary>
    public GgufWriter AddStringArray(string key, IReadOnlyList<string> values) =>
        AddArray(key, GgufValueType.String, values.Count, w =>
        {
            foreach (var value in values)
            {
                WriteString(w, value);
            }
        });

    /// <summary>Adds an array of f32.</summary>
    public GgufWriter AddFloat32Array(string key, IReadOnlyList<float> values) =>
        AddArray(key, GgufValueType.Float32, values.Count, w =>
        {
            foreach (var value in values)
            {
                w.Write(value);
            }
        });

    /// <summary>Adds an array of i32.</summary>
    public GgufWriter AddInt32Array(string key, IReadOnlyList<int> values) =>
        AddArray(key, GgufValueType.Int32, values.Count, w =>
        {
            foreach (var value in values)
            {
                w.Write(value);
            }
        });

    /// <summary>Adds an F32 tensor; <paramref name="shape"/> lists ne0 (the row length) first.</summary>
    public GgufWriter AddTensor(string name, IReadOnlyList<long> shape, ReadOnlySpan<float> values)
    {
        var data = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(data.AsSpan(i * sizeof(float)), values[i]);
        }

        return AddRawTensor(name, shape, GgmlTypeF32, data);
    }

    /// <summary>
    /// Adds a tensor with its bytes as given. <paramref name="declaredOffset"/>, when set, is written
    /// in the tensor info instead of the real offset (for malformed test files).
    /// </summary>
    public GgufWriter AddRawTensor(string name, IReadOnlyList<long> shape, uint ggmlType, byte[] data, ulong? declaredOffset = null)
    {
        _tensors.Add(new PendingTensor(name, [.. shape], ggmlType, data, declaredOffset));
        return this;
    }

    /// <summary>Writes the whole file.</summary>
    public void WriteTo(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(3u);
        writer.Write((long)_tensors.Count);
        writer.Write((long)_values.Count);
        foreach (var (key, type, writeValue) in _values)
        {
            WriteString(writer, key);
            writer.Write((uint)type);
            writeValue(writer);
        }

        ulong offset = 0;
        var offsets = new ulong[_tensors.Count];
        for (var i = 0; i < _tensors.Count; i++)
        {
            var tensor = _tensors[i];
            offsets[i] = offset;
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Shape.Length);
            foreach (var dimension in tensor.Shape)
            {
                writer.Write(dimension);
            }

            writer.Write(tensor.GgmlType);
            writer.Write(tensor.DeclaredOffset ?? offset);
            offset = Align(offset + (ulong)tensor.Data.Length);
        }

        writer.Flush();
        Pad(writer, stream.Position);
        for (var i = 0; i < _tensors.Count; i++)
        {
            writer.Write(_tensors[i].Data);
            if (i < _tensors.Count - 1)
            {
                Pad(writer, _tensors[i].Data.Length);
            }
        }
    }

    /// <summary>Writes the whole file to <paramref name="path"/>, creating its folder.</summary>
    public void WriteTo(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        using var stream = File.Create(path);
        WriteTo(stream);
    }

    private GgufWriter AddValue(string key, GgufValueType type, Action<BinaryWriter> writeValue)
    {
        _values.Add((key, type, writeValue));
        return this;
    }

    private GgufWriter AddArray(string key, GgufValueType elementType, int count, Action<BinaryWriter> writeElements) =>
        AddValue(key, GgufValueType.Array, w =>
        {
            w.Write((uint)elementType);
            w.Write((ulong)count);
            writeElements(w);
        });

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private ulong Align(ulong offset) => (offset + (ulong)Alignment - 1) / (ulong)Alignment * (ulong)Alignment;

    private void Pad(BinaryWriter writer, long written)
    {
        var padding = (long)Align((ulong)written) - written;
        for (var i = 0; i < padding; i++)
        {
            writer.Write((byte)0);
        }
    }

    private sealed record PendingTensor(string Name, long[] Shape, uint GgmlType, byte[] Data, ulong? DeclaredOffset);
}
