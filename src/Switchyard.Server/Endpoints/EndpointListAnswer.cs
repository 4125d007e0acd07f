using System.Buffers;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// The answer of GET …/serving-endpoints as UTF-8 JSON, kept whole while nothing in it changed: the
/// same endpoints, each at the same snapshot and readiness. A list of 1,000 endpoints is then one
/// write of bytes already made, with a length, instead of 1,000 entry copies sent in chunks; any
/// change (a new endpoint, a config, a tag, an entity becoming ready) renders it again.
/// </summary>
public sealed class EndpointListAnswer(EndpointDirectory directory, EndpointAnswers answers)
{
    // The last list rendered. One is enough: callers who may view different endpoints only alternate.
    private volatile Rendering? _last;

    /// <summary>The list of <paramref name="visible"/>, in their order.</summary>
    public ReadOnlyMemory<byte> Utf8(IReadOnlyList<EndpointSnapshot> visible)
    {
        if (_last is { } last && last.Shows(visible))
        {
            return last.Json;
        }

        var rendering = Render(visible);
        _last = rendering;
        return rendering.Json;
    }

    private Rendering Render(IReadOnlyList<EndpointSnapshot> visible)
    {
        var shown = new EndpointSnapshot[visible.Count];
        var ready = new bool[visible.Count];
        var json = new ArrayBufferWriter<byte>(1024 + (visible.Count * 768));
        json.Write("{\"endpoints\":["u8);
        for (var i = 0; i < visible.Count; i++)
        {
            if (i > 0)
            {
                json.Write(","u8);
            }

            // The snapshot and readiness the entry shows (a newer snapshot when a commit overlapped),
            // so a rendering that raced a change never matches the list again.
            var (snapshot, entry) = directory.Render(visible[i], answers.SummaryUtf8);
            (shown[i], ready[i]) = (snapshot, entry.Ready);
            json.Write(entry.Json);
        }

        json.Write("]}"u8);
        return new Rendering(shown, ready, json.WrittenMemory);
    }

    private sealed record Rendering(EndpointSnapshot[] Snapshots, bool[] Ready, ReadOnlyMemory<byte> Json)
    {
        public bool Shows(IReadOnlyList<EndpointSnapshot> visible)
        {
            if (visible.Count != Snapshots.Length)
            {
                return false;
            }

            for (var i = 0; i < Snapshots.Length; i++)
            {
                if (!ReferenceEquals(visible[i], Snapshots[i]) || visible[i].IsReady != Ready[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
