using System.Buffers.Binary;
using System.Text;

namespace Switchyard.Providers.Bedrock;

/// <summary>
/// Reads AWS event-stream messages one at a time from a response stream as their bytes arrive,
/// checking the prelude CRC before trusting the lengths and the message CRC before handing the
/// message out. A bad frame throws <see cref="InvalidDataException"/>.
/// </summary>
public sealed class EventStreamReader(Stream stream)
{
    /// <summary>Frames larger than this are refused rather than buffered (AWS caps them at 16 MB).</summary>
    public const int MaxMessageLength = 16 * 1024 * 1024;

    private readonly byte[] _prelude = new byte[EventStreamMessage.PreludeLength];

    /// <summary>The next message, or null when the stream ended cleanly between messages.</summary>
    public async ValueTask<EventStreamMessage?> ReadAsync(CancellationToken ct)
    {
        var got = await FillAsync(_prelude, ct).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        if (got < _prelude.Length)
        {
            throw new InvalidDataException("The event stream ended inside a message prelude.");
        }

        var total = BinaryPrimitives.ReadUInt32BigEndian(_prelude);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(_prelude.AsSpan(4));
        var preludeCrc = BinaryPrimitives.ReadUInt32BigEndian(_prelude.AsSpan(8));
        if (Crc32.Compute(_prelude.AsSpan(0, 8)) != preludeCrc)
        {
            throw new InvalidDataException("An event-stream message failed its prelude CRC check.");
        }

        if (total > MaxMessageLength || total < EventStreamMessage.PreludeLength + 4 || headersLength > total - EventStreamMessage.PreludeLength - 4)
        {
            throw new InvalidDataException($"An event-stream message has impossible lengths (total {total}, headers {headersLength}).");
        }

        var rest = new byte[total - EventStreamMessage.PreludeLength];
        if (await FillAsync(rest, ct).ConfigureAwait(false) < rest.Length)
        {
            throw new InvalidDataException("The event stream ended inside a message.");
        }

        var messageCrc = BinaryPrimitives.ReadUInt32BigEndian(rest.AsSpan(rest.Length - 4));
        var computed = Crc32.Append(Crc32.Compute(_prelude), rest.AsSpan(0, rest.Length - 4));
        if (computed != messageCrc)
        {
            throw new InvalidDataException("An event-stream message failed its message CRC check.");
        }

        var headers = ParseHeaders(rest.AsSpan(0, (int)headersLength));
        var payload = rest.AsSpan((int)headersLength, rest.Length - 4 - (int)headersLength).ToArray();
        return new EventStreamMessage(headers, payload);
    }

    private async ValueTask<int> FillAsync(byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private static Dictionary<string, string> ParseHeaders(ReadOnlySpan<byte> data)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = 0;
        while (at < data.Length)
        {
            var nameLength = data[at++];
            var name = Encoding.UTF8.GetString(data.Slice(at, nameLength));
            at += nameLength;
            var type = data[at++];
            switch (type)
            {
                case 0 or 1: // boolean true / false: no value bytes
                    headers[name] = type == 0 ? "true" : "false";
                    break;
                case 2:
                    at += 1;
                    break;
                case 3:
                    at += 2;
                    break;
                case 4:
                    at += 4;
                    break;
                case 5 or 8: // long, timestamp
                    at += 8;
                    break;
                case 9: // uuid
                    at += 16;
                    break;
                case 6 or 7: // byte array, string: 2-byte length then the bytes
                    var length = BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
                    at += 2;
                    if (type == 7)
                    {
                        headers[name] = Encoding.UTF8.GetString(data.Slice(at, length));
                    }

                    at += length;
                    break;
                default:
                    throw new InvalidDataException($"An event-stream header '{name}' has unknown type {type}.");
            }
        }

        return headers;
    }
}
