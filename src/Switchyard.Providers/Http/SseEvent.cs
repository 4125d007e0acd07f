using System.Text;

namespace Switchyard.Providers.Http;

/// <summary>
/// One server-sent event: its <c>event:</c> name (null when unnamed) and its data lines joined by
/// newlines, as UTF-8. <see cref="Data"/> is the reader's buffer: valid until the next event is read.
/// </summary>
internal readonly record struct SseEvent(string? Name, ReadOnlyMemory<byte> Data)
{
    /// <summary>True when the data is exactly <paramref name="text"/> (an end marker such as <c>[DONE]</c>).</summary>
    public bool DataIs(ReadOnlySpan<byte> text) => Data.Span.SequenceEqual(text);

    /// <summary>The data decoded, for tests and messages.</summary>
    public string Text => Encoding.UTF8.GetString(Data.Span);
}
