using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>A whole endpoint config: what it serves and how traffic splits between them.</summary>
public sealed record EndpointConfig(
    long ConfigVersion,
    IReadOnlyList<ServedEntityConfig> ServedEntities,
    IReadOnlyList<TrafficRoute> Routes,
    JsonObject? AutoCaptureConfig)
{
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
