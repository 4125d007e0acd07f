using Microsoft.Extensions.Time.Testing;
using Switchyard.Core.Logs;

namespace Switchyard.Core.Tests.Logs;

public sealed class EntityLogTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 3, 4, 5, 678, TimeSpan.Zero));

    [Fact]
    public void Lines_AreStampedWithUtcIso8601()
    {
        var log = new EntityLog(_time, LogLimits.Runtime);
        log.Write("first");
        log.Write("second\nline");

        Assert.Equal("2026-12-02T03:04:05.678Z first\n2026-12-02T03:04:05.678Z second | line\n", log.Render());
    }

    [Fact]
    public void PastTheLineLimit_TheOldestLinesGo_AndTheirCountIsSaid()
    {
        var log = new EntityLog(_time, new LogLimits(MaxLines: 3, MaxBytes: 1 << 20, FailureLinesPerSecond: 5));
        for (var i = 1; i <= 5; i++)
        {
            log.Write($"line {i}");
        }

        var lines = log.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["(2 older lines dropped)", "line 3", "line 4", "line 5"], lines.Select(static l => l.Contains(' ', StringComparison.Ordinal) && l.StartsWith('2') ? l[25..] : l));
    }

    [Fact]
    public void PastTheByteLimit_TheOldestLinesGo()
    {
        // Each line is 25 bytes of timestamp and space, 10 of text and its newline: 36 bytes.
        var log = new EntityLog(_time, new LogLimits(MaxLines: 1000, MaxBytes: 100, FailureLinesPerSecond: 5));
        for (var i = 0; i < 10; i++)
        {
            log.Write($"message {i:00}");
        }

        var text = log.Render();
        Assert.Contains("(8 older lines dropped)", text, StringComparison.Ordinal);
        Assert.Contains("message 08", text, StringComparison.Ordinal);
        Assert.Contains("message 09", text, StringComparison.Ordinal);
        Assert.DoesNotContain("message 07", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeMessage_IsCut()
    {
        var log = new EntityLog(_time, LogLimits.Runtime);
        log.Write(new string('x', 100_000));
        Assert.InRange(log.Render().Length, EntityLog.MaxLineChars, EntityLog.MaxLineChars + 40);
    }

    [Fact]
    public void Tally_WritesOneLinePerSecondWithItsCount()
    {
        var log = new EntityLog(_time, LogLimits.Runtime);
        var tally = log.Tally("429 refused");
        for (var i = 0; i < 500; i++)
        {
            tally.Count();
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 7; i++)
        {
            tally.Count();
        }

        Assert.Equal(
            "2026-12-02T03:04:05.000Z 500 × 429 refused in this second.\n2026-12-02T03:04:06.000Z 7 × 429 refused in this second.\n",
            log.Render());
        // What was written is not written again.
        Assert.Equal(2, log.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void FailureLines_AreLimitedPerSecond_AndTheRestCounted()
    {
        var log = new EntityLog(_time, new LogLimits(MaxLines: 1000, MaxBytes: 1 << 20, FailureLinesPerSecond: 3));
        var written = 0;
        for (var i = 0; i < 50; i++)
        {
            if (log.MayWriteFailure())
            {
                log.Write($"failure {i}");
                written++;
            }
        }

        Assert.Equal(3, written);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(log.MayWriteFailure());
        var text = log.Render();
        Assert.Contains("47 more failure lines in this second were not written", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineWrittenAfterCountedEvents_ComesAfterTheirCount()
    {
        var log = new EntityLog(_time, LogLimits.Runtime);
        var tally = log.Tally("429 refused");
        tally.Count();
        tally.Count();
        _time.Advance(TimeSpan.FromSeconds(3));
        log.Write("Scaled to zero.");

        Assert.Equal(
            "2026-12-02T03:04:05.000Z 2 × 429 refused in this second.\n2026-12-02T03:04:08.678Z Scaled to zero.\n",
            log.Render());
    }
}
