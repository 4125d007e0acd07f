using System.Runtime.CompilerServices;
using System.Text;

namespace Switchyard.Providers.Http;

/// <summary>
/// Reads server-sent events from a response stream as they arrive (never the whole body first):
/// <c>data:</c> lines (several joined by newlines), <c>event:</c> names, comments, and LF, CR or
/// CRLF line ends, as the HTML event-stream format defines them.
/// </summary>
internal static class SseReader
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        string? name = null;
        string? data = null;
        StringBuilder? lines = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    yield return new SseEvent(name, lines?.ToString() ?? data);
                }

                name = null;
                data = null;
                lines = null;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line.AsSpan() : line.AsSpan(0, colon);
            var value = colon < 0 ? ReadOnlySpan<char>.Empty : line.AsSpan(colon + 1);
            if (value.Length > 0 && value[0] == ' ')
            {
                value = value[1..];
            }

            if (field.SequenceEqual("data"))
            {
                if (data is null)
                {
                    data = value.ToString();
                }
                else
                {
                    // A second data line: only now is a builder worth its allocation.
                    lines ??= new StringBuilder(data);
                    lines.Append('\n').Append(value);
                }
            }
            else if (field.SequenceEqual("event"))
            {
                name = value.ToString();
            }
        }

        // Some servers close without the final blank line; their last event still counts.
        if (data is not null)
        {
            yield return new SseEvent(name, lines?.ToString() ?? data);
        }
    }
}
