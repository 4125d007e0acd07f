using System.Text;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.Tests.Http;

/// <summary>The event-stream reader: line ends, multi-line data, names, comments.</summary>
public sealed class SseReaderTests
{
    /// <summary>
    /// Read whole, and one byte at a time: then a CR's LF, a field's colon and a line's end each
    /// arrive in a later read.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Read_MixedLineEndsCommentsAndNames_YieldsEachEvent(bool oneByteAtATime)
    {
        var bytes = Encoding.UTF8.GetBytes(": keep-alive\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\ndata: first\ndata: second\n\nid: 7\rdata: [DONE]\r\r");
        using Stream stream = oneByteAtATime ? new TrickleStream(bytes) : new MemoryStream(bytes);

        Assert.Equal([("message_start", "{\"a\":1}"), (null, "first\nsecond"), (null, "[DONE]")], await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Read_LastEventWithoutBlankLine_StillYielded()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("data:x"));

        Assert.Equal([(null, "x")], await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Read_CrAtTheVeryEnd_EndsTheLastLine()
    {
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes("data: a\r\rdata: b\r"));

        Assert.Equal([(null, "a"), (null, "b")], await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Read_ALineLongerThanTheReadBuffer_IsWhole()
    {
        var long1 = new string('x', 10_000);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes($"data: {long1}\n\ndata: {long1}y\n\n"));

        Assert.Equal([(null, long1), (null, long1 + "y")], await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Read_AByteOrderMarkAtTheStart_IsDropped()
    {
        using var stream = new TrickleStream([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("event: e\ndata: x\n\n")]);

        Assert.Equal([("e", "x")], await ReadAllAsync(stream));
    }

    /// <summary>As a text decoder reads them: each byte that is not UTF-8 becomes U+FFFD, so the JSON parsers see text.</summary>
    [Fact]
    public async Task Read_BytesThatAreNotUtf8_BecomeReplacementCharacters()
    {
        using var stream = new MemoryStream([.. "data: a"u8, 0xFF, .. "b\n\n"u8]);

        Assert.Equal([(null, "a\uFFFDb")], await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Read_EmptyDataAndNamesWithoutData_AreAsTheFormatSays()
    {
        // "data" alone is an empty data line (an event with empty data); a name with no data is dropped at the blank line.
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("event: lost\n\ndata\n\nevent: kept\ndata:\n\n"));

        Assert.Equal([(null, ""), ("kept", "")], await ReadAllAsync(stream));
    }

    private static async Task<List<(string? Name, string Data)>> ReadAllAsync(Stream stream)
    {
        // Each event's data is decoded before the next is read: the reader reuses its buffer.
        var events = new List<(string?, string)>();
        await foreach (var item in SseReader.ReadAsync(stream, CancellationToken.None))
        {
            events.Add((item.Name, item.Text));
        }

        return events;
    }

    /// <summary>A stream that gives at most one byte per read.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);
    }
}
