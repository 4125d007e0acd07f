using System.Text;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.Tests.Http;

/// <summary>The event-stream reader: line ends, multi-line data, names, comments.</summary>
public sealed class SseReaderTests
{
    [Fact]
    public async Task Read_MixedLineEndsCommentsAndNames_YieldsEachEvent()
    {
        var text = ": keep-alive\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\ndata: first\ndata: second\n\nid: 7\rdata: [DONE]\r\r";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var events = new List<SseEvent>();
        await foreach (var item in SseReader.ReadAsync(stream, CancellationToken.None))
        {
            events.Add(item);
        }

        Assert.Equal(
            [new SseEvent("message_start", "{\"a\":1}"), new SseEvent(null, "first\nsecond"), new SseEvent(null, "[DONE]")],
            events);
    }

    [Fact]
    public async Task Read_LastEventWithoutBlankLine_StillYielded()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("data:x"));

        var events = new List<SseEvent>();
        await foreach (var item in SseReader.ReadAsync(stream, CancellationToken.None))
        {
            events.Add(item);
        }

        Assert.Equal([new SseEvent(null, "x")], events);
    }
}
