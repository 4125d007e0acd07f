using System.Globalization;
using System.Text;

namespace Switchyard.Core.Logs;

/// <summary>
/// The recent log lines of one served entity (its build log or its runtime log), each stamped
/// with the UTC time in ISO 8601. Bounded by a number of lines and of UTF-8 bytes: the oldest
/// lines go first, so a long-lived entity holds only its latest history. Writes on the failure
/// paths only; nothing here runs for a request that succeeds.
/// </summary>
public sealed class EntityLog
{
    /// <summary>A single line longer than this is cut, so one huge message cannot empty the log.</summary>
    public const int MaxLineChars = 2048;

    private readonly Lock _lock = new();
    private readonly Queue<string> _lines = new();
    private readonly TimeProvider _time;
    private readonly LogLimits _limits;
    private readonly List<PerSecondTally> _tallies = [];
    private long _bytes;
    private long _dropped;
    private long _burstSecond = long.MinValue;
    private int _burstWritten;
    private int _burstSuppressed;

    public EntityLog(TimeProvider time, LogLimits limits)
    {
        _time = time;
        _limits = limits;
    }

    /// <summary>Appends one line, stamped now, after what the tallies counted before it (so lines stay in time order).</summary>
    public void Write(string message)
    {
        FlushTallies();
        Append(_time.GetUtcNow(), message);
    }

    /// <summary>
    /// True when one more failure line may be written this second; otherwise counts it as
    /// suppressed (reported in one summary line later), so a flood of failures cannot flush the
    /// log. Callers format their message only after a true answer.
    /// </summary>
    public bool MayWriteFailure()
    {
        var now = _time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        lock (_lock)
        {
            if (second != _burstSecond)
            {
                FlushSuppressedLocked();
                _burstSecond = second;
                _burstWritten = 0;
            }

            if (_burstWritten < _limits.FailureLinesPerSecond)
            {
                _burstWritten++;
                return true;
            }

            _burstSuppressed++;
            return false;
        }
    }

    /// <summary>A per-second count of one kind of event, written as one line per second it happened in.</summary>
    public PerSecondTally Tally(string description)
    {
        var tally = new PerSecondTally(this, _time, description);
        lock (_lock)
        {
            _tallies.Add(tally);
        }

        return tally;
    }

    /// <summary>The lines, oldest first, one per text line; pending tallies are written first.</summary>
    public string Render()
    {
        FlushTallies();
        var text = new StringBuilder();
        lock (_lock)
        {
            FlushSuppressedLocked();
            if (_dropped > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"({_dropped} older lines dropped)\n");
            }

            foreach (var line in _lines)
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Writes the tallies' counts. Never called under this log's lock: a tally takes its own lock, then this one.</summary>
    private void FlushTallies()
    {
        PerSecondTally[] tallies;
        lock (_lock)
        {
            if (_tallies.Count == 0)
            {
                return;
            }

            tallies = [.. _tallies];
        }

        foreach (var tally in tallies)
        {
            tally.Flush();
        }
    }

    internal void Append(DateTimeOffset at, string message)
    {
        var line = Line(at, message);
        lock (_lock)
        {
            AppendLocked(line);
        }
    }

    private static string Line(DateTimeOffset at, string message)
    {
        if (message.Length > MaxLineChars)
        {
            message = string.Concat(message.AsSpan(0, MaxLineChars), "…");
        }

        // One entry is one line: a multi-line message (a stack of causes) stays on its line.
        return string.Concat(
            at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), " ",
            message.ReplaceLineEndings(" | "));
    }

    private void AppendLocked(string line)
    {
        _lines.Enqueue(line);
        _bytes += Encoding.UTF8.GetByteCount(line) + 1;
        while (_lines.Count > 1 && (_lines.Count > _limits.MaxLines || _bytes > _limits.MaxBytes))
        {
            _bytes -= Encoding.UTF8.GetByteCount(_lines.Dequeue()) + 1;
            _dropped++;
        }
    }

    private void FlushSuppressedLocked()
    {
        if (_burstSuppressed == 0)
        {
            return;
        }

        var count = _burstSuppressed;
        _burstSuppressed = 0;
        AppendLocked(Line(DateTimeOffset.FromUnixTimeSeconds(_burstSecond), string.Create(CultureInfo.InvariantCulture,
            $"{count} more failure lines in this second were not written (at most {_limits.FailureLinesPerSecond} a second).")));
    }
}
