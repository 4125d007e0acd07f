using Switchyard.Llama.Engine;

namespace Switchyard.Llama.Tests;

public sealed class StopMatcherTests
{
    [Fact]
    public void StopSpanningPieces_IsFound_AndNeverEmitted()
    {
        var matcher = new StopMatcher(["END"]);
        Assert.Equal(("abc", false), matcher.Push("abc"));
        Assert.Equal(("x", false), matcher.Push("xE"));
        Assert.Equal(("", false), matcher.Push("N"));
        Assert.Equal(("", true), matcher.Push("Dzz"));
    }

    [Fact]
    public void HeldTextThatTurnsOutNotToStop_IsReleased()
    {
        var matcher = new StopMatcher(["END"]);
        Assert.Equal(("a", false), matcher.Push("aEN"));
        Assert.Equal(("ENo", false), matcher.Push("o"));
    }

    [Fact]
    public void Flush_ReleasesWhatWasHeld()
    {
        var matcher = new StopMatcher(["\n\n"]);
        Assert.Equal(("line", false), matcher.Push("line\n"));
        Assert.Equal("\n", matcher.Flush());
    }

    [Fact]
    public void EarliestOfSeveralStops_Wins()
    {
        var matcher = new StopMatcher(["cd", "b"]);
        Assert.Equal(("a", true), matcher.Push("abcd"));
    }

    [Fact]
    public void NoStops_PassesEverythingThrough()
    {
        var matcher = new StopMatcher([]);
        Assert.Equal(("anything", false), matcher.Push("anything"));
    }
}
