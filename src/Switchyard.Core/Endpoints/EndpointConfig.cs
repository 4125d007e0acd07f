using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>A whole endpoint config: what it serves and how traffic splits between them.</summary>
public sealed record EndpointConfig(
    long ConfigVersion,
    IReadOnlyList<ServedEntityConfig> ServedEntities,
    IReadOnlyList<TrafficRoute> Routes,
    JsonObject? AutoCaptureConfig)
{
    /// <summary><c>traffic_config.sticky</c>: how a request's unit is keyed and hashed to a bucket; null assigns at random.</summary>
    public StickyAssignment? Sticky { get; init; }

    /// <summary><c>traffic_config.segments</c> (ours): requests a segment matches take its split instead of <see cref="Routes"/>.</summary>
    public IReadOnlyList<TrafficSegment> Segments { get; init; } = [];

    public ServedEntityConfig? Find(string servedName)
    {
        foreach (var entity in ServedEntities)
        {
            if (entity.Name == servedName)
            {
                return entity;
            }
        }

        return null;
    }
}
