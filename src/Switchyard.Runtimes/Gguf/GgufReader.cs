using System.Buffers.Binary;
using System.Text;
using Switchyard.Core.Errors;

namespace Switchyard.Runtimes.Gguf;

/// <summary>
/// Reads a GGUF file's header, metadata and tensor infos without loading the weights. Every
/// length, count and offset is checked against what is left of the file before anything is
/// allocated for it, so a lying header costs an error, not memory.
/// </summary>
public sealed class GgufReader
{
    private const int MaxDimensions = 4; // GGML_MAX_DIMS
    private const long MaxStringBytes = 64L * 1024 * 1024;
    private const int DefaultAlignment = 32;

    private readonly Stream _stream;
    private readonly long _length;
    private readonly byte[] _scratch = new byte[8];

    private readonly string _fileName;

    private GgufReader(Stream stream, string fileName)
    {
        _stream = stream;
        _fileName = fileName;
        _length = stream.Length;
    }

    /// <summary>Reads the file at <paramref name="path"/>; throws INVALID_PARAMETER_VALUE naming the problem.</summary>
    public static GgufFile Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        return Read(stream, Path.GetFileName(path));
    }

    /// <summary>Reads a seekable stream holding a GGUF file.</summary>
    public static GgufFile Read(Stream stream, string fileName) => new GgufReader(stream, fileName).ReadFile();

    private GgufFile ReadFile()
    {
        if (_length < 24)
        {
            throw Bad($"it is not a GGUF file: it is only {_length} bytes long");
        }

        Fill(4);
        if (!_scratch.AsSpan(0, 4).SequenceEqual("GGUF"u8))
        {
            throw Bad("it is not a GGUF file: it does not start with the GGUF magic");
        }

        var version = ReadUInt32();
        if (version is not (2 or 3))
        {
            throw Bad($"it is GGUF version {version}; versions 2 and 3 are supported");
        }

        var tensorCount = ReadInt64();
        var valueCount = ReadInt64();

        // A key/value takes at least 8 (key length) + 4 (type) + 1 bytes, a tensor info at least
        // 8 + 4 + 8 + 4 + 8; counts beyond what the file can hold are lies.
        CheckCount(valueCount, 13, "metadata key/value count");
        CheckCount(tensorCount, 32, "tensor count");

        var metadata = new Dictionary<string, GgufMetadataValue>(StringComparer.Ordinal);
        for (long i = 0; i < valueCount; i++)
        {
            var key = ReadString("metadata key");
            var type = ReadUInt32();
            var value = ReadValue(key, type);
            if (!metadata.TryAdd(key, value))
            {
                throw Bad($"metadata key '{key}' appears twice");
            }
        }

        var alignment = DefaultAlignment;
        if (metadata.TryGetValue("general.alignment", out var alignmentValue))
        {
            var declared = alignmentValue.AsUInt64();
            if (declared is null or 0 || declared > 1 << 20 || (declared & (declared - 1)) != 0)
            {
                throw Bad("general.alignment must be a power of two");
            }

            alignment = (int)declared.Value;
        }

        var tensors = new List<GgufTensorInfo>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            var tensor = ReadTensorInfo();
            if (!names.Add(tensor.Name))
            {
                throw Bad($"tensor '{tensor.Name}' appears twice");
            }

            tensors.Add(tensor);
        }

        var dataOffset = (_stream.Position + alignment - 1) / alignment * alignment;
        if (tensorCount > 0 && dataOffset > _length)
        {
            throw Bad("the file ends before its tensor data begins (truncated?)");
        }

        return new GgufFile(version, metadata, tensors, alignment, dataOffset, _length);
    }

    private GgufTensorInfo ReadTensorInfo()
    {
        var name = ReadString("tensor name");
        var dimensions = ReadUInt32();
        if (dimensions is 0 or > MaxDimensions)
        {
            throw Bad($"tensor '{name}' has {dimensions} dimensions; 1 to {MaxDimensions} are allowed");
        }

        var shape = new long[dimensions];
        long elements = 1;
        for (var d = 0; d < dimensions; d++)
        {
            shape[d] = ReadInt64();
            if (shape[d] <= 0 || shape[d] > int.MaxValue)
            {
                throw Bad($"tensor '{name}' has a dimension of {shape[d]}");
            }

            elements *= shape[d];
            if (elements > long.MaxValue / 1024 / 1024)
            {
                throw Bad($"tensor '{name}' has too many elements");
            }
        }

        var type = ReadUInt32();
        var offset = ReadUInt64();
        return new GgufTensorInfo(name, shape, type, offset);
    }

    private GgufMetadataValue ReadValue(string key, uint type)
    {
        if (type == GgufMetadataValue.ArrayType)
        {
            var elementType = ReadUInt32();
            var count = ReadUInt64();
            if (elementType == GgufMetadataValue.ArrayType)
            {
                throw Bad($"metadata '{key}' is an array of arrays");
            }

            if (elementType == GgufMetadataValue.StringType)
            {
                CheckCount(count > long.MaxValue ? -1 : (long)count, 8, $"length of '{key}'");
                var strings = new List<string>();
                for (ulong i = 0; i < count; i++)
                {
                    strings.Add(ReadString(key));
                }

                return new GgufMetadataValue(type, null, elementType, (long)count, strings);
            }

            var size = ScalarSize(elementType) ?? throw Bad($"metadata '{key}' has unknown element type {elementType}");
            CheckCount(count > long.MaxValue ? -1 : (long)count, size, $"length of '{key}'");
            Skip((long)count * size);
            return new GgufMetadataValue(type, null, elementType, (long)count);
        }

        return new GgufMetadataValue(type, ReadScalar(key, type));
    }

    private object ReadScalar(string key, uint type) => type switch
    {
        0 => Fill(1)[0],
        1 => (sbyte)Fill(1)[0],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(Fill(2)),
        3 => BinaryPrimitives.ReadInt16LittleEndian(Fill(2)),
        4 => ReadUInt32(),
        5 => BinaryPrimitives.ReadInt32LittleEndian(Fill(4)),
        6 => BinaryPrimitives.ReadSingleLittleEndian(Fill(4)),
        7 => Fill(1)[0] != 0,
        8 => ReadString(key),
        10 => ReadUInt64(),
        11 => ReadInt64(),
        12 => BinaryPrimitives.ReadDoubleLittleEndian(Fill(8)),
        _ => throw Bad($"metadata '{key}' has unknown value type {type}"),
    };

    private static int? ScalarSize(uint type) => type switch
    {
        0 or 1 or 7 => 1,
        2 or 3 => 2,
        4 or 5 or 6 => 4,
        10 or 11 or 12 => 8,
        _ => null,
    };

    private string ReadString(string what)
    {
        var length = ReadUInt64();
        if (length > MaxStringBytes || (long)length > _length - _stream.Position)
        {
            throw Bad($"a {what} claims {length} bytes, more than the file holds (truncated?)");
        }

        var bytes = new byte[length];
        _stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    private void CheckCount(long count, long minimumBytesEach, string what)
    {
        var left = _length - _stream.Position;
        if (count < 0 || count > left / minimumBytesEach)
        {
            throw Bad($"the {what} ({count}) is more than the file can hold (truncated or corrupt)");
        }
    }

    private void Skip(long bytes)
    {
        if (bytes > _length - _stream.Position)
        {
            throw Bad("the file ends inside its metadata (truncated?)");
        }

        _stream.Seek(bytes, SeekOrigin.Current);
    }

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Fill(4));

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Fill(8));

    private long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Fill(8));

    private Span<byte> Fill(int count)
    {
        if (count > _length - _stream.Position)
        {
            throw Bad("the file ends inside its header (truncated?)");
        }

        var span = _scratch.AsSpan(0, count);
        _stream.ReadExactly(span);
        return span;
    }

    private ServingException Bad(string message) => ServingException.Invalid($"GGUF file '{_fileName}': {message}");
}
