using System.Text;
using Switchyard.Server.Gateway.Capture;

namespace Switchyard.Server.Tests.Gateway.Capture;

/// <summary>The payload limit: cut at 1 MiB on a character boundary, flagged, never emptied.</summary>
public sealed class PayloadTextTests
{
    [Theory]
    [InlineData("a", 0)]
    [InlineData("é", 1)]
    [InlineData("€", 0)]
    [InlineData("😀", 3)]
    public void Text_over_the_limit_is_cut_between_characters(string unit, int lost)
    {
        var text = "x" + string.Concat(Enumerable.Repeat(unit, (PayloadText.MaxBytes / Encoding.UTF8.GetByteCount(unit)) + 2));

        var cut = PayloadText.Of(text, out var truncated);
        var fromBytes = PayloadText.Of(Encoding.UTF8.GetBytes(text), out var bytesTruncated);

        Assert.True(truncated && bytesTruncated);
        Assert.Equal(PayloadText.MaxBytes - lost, Encoding.UTF8.GetByteCount(cut));
        Assert.StartsWith(cut, text, StringComparison.Ordinal);
        Assert.Equal(cut, fromBytes);
    }

    [Fact]
    public void Text_at_the_limit_is_kept_whole()
    {
        var text = new string('a', PayloadText.MaxBytes);

        Assert.Same(text, PayloadText.Of(text, out var truncated));
        Assert.False(truncated);
    }
}
