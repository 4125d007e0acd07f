using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Switchyard.Providers.Http;

/// <summary>
/// Reads server-sent events from a response stream as they arrive (never the whole body first):
/// <c>data:</c> lines (several joined by newlines), <c>event:</c> names, comments, and LF, CR or
/// CRLF line ends, as the HTML event-stream format defines them. It works on the bytes: an event's
/// data is copied once into a buffer reused for the next event, and no line becomes a string.
/// </summary>
internal static class SseReader
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        var pending = new PendingEvent();
        try
        {
            var first = true;
            while (true)
            {
                var read = await pipe.ReadAsync(ct);
                var buffer = read.Buffer;
                if (first && !SkipByteOrderMark(ref buffer, read.IsCompleted))
                {
                    pipe.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                first = false;
                while (TryReadLine(ref buffer, read.IsCompleted, out var line))
                {
                    if (pending.Take(line))
                    {
                        yield return pending.Dispatch();
                        // The consumer asked for the next event: it is done with this one's data.
                        pending.Clear();
                    }
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            // Some servers close without the final blank line; their last event still counts.
            if (pending.HasData)
            {
                yield return pending.Dispatch();
            }
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    /// <summary>Drops a UTF-8 byte order mark at the stream's start; false while too few bytes have come to tell.</summary>
    private static bool SkipByteOrderMark(ref ReadOnlySequence<byte> buffer, bool completed)
    {
        ReadOnlySpan<byte> mark = [0xEF, 0xBB, 0xBF];
        if (buffer.Length < mark.Length)
        {
            return completed || !mark.StartsWith(buffer.ToArray());
        }

        Span<byte> start = stackalloc byte[3];
        buffer.Slice(0, mark.Length).CopyTo(start);
        if (start.SequenceEqual(mark))
        {
            buffer = buffer.Slice(mark.Length);
        }

        return true;
    }

    /// <summary>
    /// Takes the next line (without its end) from <paramref name="buffer"/>. A CR at the end of what
    /// has come may be half of a CRLF: the line waits for the next byte unless the stream ended.
    /// </summary>
    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadToAny(out line, "\r\n"u8, advancePastDelimiter: false))
        {
            if (completed && !buffer.IsEmpty)
            {
                line = buffer;
                buffer = buffer.Slice(buffer.End);
                return true;
            }

            return false;
        }

        reader.TryRead(out var end);
        if (end == (byte)'\r')
        {
            if (reader.End && !completed)
            {
                return false;
            }

            reader.IsNext((byte)'\n', advancePast: true);
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    /// <summary>The event being read: its name and its data so far, in a buffer kept for the whole stream.</summary>
    private sealed class PendingEvent
    {
        private readonly ArrayBufferWriter<byte> _data = new(256);
        private string? _name;

        public bool HasData { get; private set; }

        /// <summary>Takes one line; true when it ends an event that has data (a blank line).</summary>
        public bool Take(ReadOnlySequence<byte> line)
        {
            if (line.IsEmpty)
            {
                if (HasData)
                {
                    return true;
                }

                _name = null;
                return false;
            }

            // A line split across the pipe's segments is copied whole; most lines are in one.
            var text = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
            if (text[0] == (byte)':')
            {
                return false; // a comment
            }

            var colon = text.IndexOf((byte)':');
            var field = colon < 0 ? text : text[..colon];
            var value = colon < 0 ? [] : text[(colon + 1)..];
            if (value.Length > 0 && value[0] == (byte)' ')
            {
                value = value[1..];
            }

            if (field.SequenceEqual("data"u8))
            {
                if (HasData)
                {
                    _data.Write("\n"u8);
                }

                _data.Write(value);
                HasData = true;
            }
            else if (field.SequenceEqual("event"u8))
            {
                _name = Encoding.UTF8.GetString(value);
            }

            return false;
        }

        /// <summary>The event; its data stays valid until <see cref="Clear"/>.</summary>
        public SseEvent Dispatch()
        {
            var data = _data.WrittenMemory;
            if (!Utf8.IsValid(data.Span))
            {
                // What a text decoder makes of bytes that are not UTF-8: U+FFFD in their place.
                data = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data.Span));
            }

            return new SseEvent(_name, data);
        }

        /// <summary>Starts the next event, reusing the data buffer.</summary>
        public void Clear()
        {
            _data.ResetWrittenCount();
            _name = null;
            HasData = false;
        }
    }
}
