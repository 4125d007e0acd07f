using System.Buffers;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// The answer of GET …/serving-endpoints as UTF-8 JSON, kept while nothing in it changed: the same
/// endpoints, each at the same snapshot and readiness. A list of 1,000 endpoints is then written
/// from entries already rendered, with a length, instead of 1,000 entries copied and sent in chunks;
/// any change (a new endpoint, a config, a tag, an entity becoming ready) makes a new one.
/// </summary>
public sealed class EndpointListAnswer(EndpointDirectory directory, EndpointAnswers answers)
{
    // The last list made. One is enough: callers who may view different endpoints only alternate.
    private volatile Rendering? _last;

    /// <summary>The list of <paramref name="visible"/>, in their order.</summary>
    public Rendering Of(IReadOnlyList<EndpointSnapshot> visible)
    {
        if (_last is { } last && last.Shows(visible))
        {
            return last;
        }

        var rendering = Render(visible);
        _last = rendering;
        return rendering;
    }

    private Rendering Render(IReadOnlyList<EndpointSnapshot> visible)
    {
        var shown = new EndpointSnapshot[visible.Count];
        var entries = new EndpointAnswers.RenderedSummary[visible.Count];
        for (var i = 0; i < visible.Count; i++)
        {
            // The snapshot and readiness the entry shows (a newer snapshot when a commit overlapped),
            // so a rendering that raced a change never matches the list again.
            (shown[i], entries[i]) = directory.Render(visible[i], answers.SummaryUtf8);
        }

        return new Rendering(shown, entries);
    }

    /// <summary>
    /// One list: the entries each endpoint's snapshot already rendered, referenced rather than copied
    /// into one buffer. A change then costs two small arrays, where a copy of a 1,000-endpoint list
    /// was a new 700 KB on the large-object heap each time (and the collections of it at the tail).
    /// </summary>
    public sealed class Rendering
    {
        private static ReadOnlySpan<byte> Head => "{\"endpoints\":["u8;

        private static ReadOnlySpan<byte> Tail => "]}"u8;

        private readonly EndpointSnapshot[] _snapshots;
        private readonly EndpointAnswers.RenderedSummary[] _entries;

        internal Rendering(EndpointSnapshot[] snapshots, EndpointAnswers.RenderedSummary[] entries)
        {
            (_snapshots, _entries) = (snapshots, entries);
            // The entries, a comma between each two, and the object around them.
            Length = Head.Length + Tail.Length + Math.Max(0, entries.Length - 1) + entries.Sum(static entry => (long)entry.Json.Length);
        }

        /// <summary>Bytes of the whole answer.</summary>
        public long Length { get; }

        /// <summary>Writes the whole answer to <paramref name="body"/>.</summary>
        public void WriteTo(IBufferWriter<byte> body)
        {
            body.Write(Head);
            for (var i = 0; i < _entries.Length; i++)
            {
                if (i > 0)
                {
                    body.Write(","u8);
                }

                body.Write(_entries[i].Json);
            }

            body.Write(Tail);
        }

        internal bool Shows(IReadOnlyList<EndpointSnapshot> visible)
        {
            if (visible.Count != _snapshots.Length)
            {
                return false;
            }

            for (var i = 0; i < _snapshots.Length; i++)
            {
                if (!ReferenceEquals(visible[i], _snapshots[i]) || visible[i].IsReady != _entries[i].Ready)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
