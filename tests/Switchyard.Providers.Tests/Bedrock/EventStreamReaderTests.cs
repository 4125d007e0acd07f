using System.Text;
using Switchyard.Providers.Bedrock;

namespace Switchyard.Providers.Tests.Bedrock;

public sealed class EventStreamReaderTests
{
    private static byte[] Frame(string eventType, string payload) =>
        EventStreamMessage.Encode(
            [new(":event-type", eventType), new(":content-type", "application/json"), new(":message-type", "event")],
            Encoding.UTF8.GetBytes(payload));

    [Fact]
    public async Task ReadAsync_FramesArrivingByteByByte_AreReadWholeInOrder()
    {
        var bytes = Frame("contentBlockDelta", "{\"delta\":{\"text\":\"Hi\"}}").Concat(Frame("messageStop", "{\"stopReason\":\"end_turn\"}")).ToArray();
        var reader = new EventStreamReader(new TrickleStream(bytes));

        var first = await reader.ReadAsync(default);
        var second = await reader.ReadAsync(default);

        Assert.Equal("contentBlockDelta", first!.Header(":event-type"));
        Assert.Equal("event", first.Header(":message-type"));
        Assert.Equal("{\"delta\":{\"text\":\"Hi\"}}", Encoding.UTF8.GetString(first.Payload));
        Assert.Equal("messageStop", second!.Header(":event-type"));
        Assert.Null(await reader.ReadAsync(default));
    }

    [Fact]
    public void Encode_KnownMessage_HasAwsPreludeLayout()
    {
        // One header "a" (string "b") and payload "{}": 12 prelude + (1+1+1+2+1) headers + 2 payload + 4 CRC.
        var frame = EventStreamMessage.Encode([new("a", "b")], "{}"u8);
        Assert.Equal(24, frame.Length);
        Assert.Equal(new byte[] { 0, 0, 0, 24, 0, 0, 0, 6 }, frame[..8]);
        Assert.Equal(new byte[] { 1, (byte)'a', 7, 0, 1, (byte)'b' }, frame[12..18]);
    }

    [Fact]
    public async Task ReadAsync_PayloadByteFlipped_FailsTheMessageCrc()
    {
        var frame = Frame("contentBlockDelta", "{\"delta\":{\"text\":\"Hi\"}}");
        frame[^6] ^= 0x01;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new EventStreamReader(new MemoryStream(frame)).ReadAsync(default).AsTask());
        Assert.Contains("message CRC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LengthByteFlipped_FailsThePreludeCrc()
    {
        var frame = Frame("messageStop", "{}");
        frame[3] ^= 0x01;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new EventStreamReader(new MemoryStream(frame)).ReadAsync(default).AsTask());
        Assert.Contains("prelude CRC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_StreamCutInsideAMessage_Fails()
    {
        var frame = Frame("messageStop", "{}");

        await Assert.ThrowsAsync<InvalidDataException>(() => new EventStreamReader(new MemoryStream(frame[..^3])).ReadAsync(default).AsTask());
    }

    /// <summary>A stream that hands out one byte per read, as a slow network might.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
