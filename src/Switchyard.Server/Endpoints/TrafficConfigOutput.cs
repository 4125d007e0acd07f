using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// A config's <c>traffic_config</c> as given: each route's share in the unit it was given
/// (<c>traffic_percentage</c>, or <c>traffic_basis_points</c> only, so it reads back as the same
/// config), and <c>sticky</c> and <c>segments</c> when there are. The bucket intervals are not shown: they are not a setting.
/// </summary>
public static class TrafficConfigOutput
{
    /// <param name="withModelName">Also name each route's entity under the legacy <c>served_model_name</c> (the endpoint's answers do).</param>
    public static JsonObject Of(EndpointConfig config, bool withModelName)
    {
        var traffic = new JsonObject { ["routes"] = Routes(config.Routes, withModelName) };
        if (config.Sticky is { } sticky)
        {
            traffic["sticky"] = new JsonObject { ["header"] = sticky.Header, ["salt"] = sticky.Salt };
        }

        if (config.Segments.Count > 0)
        {
            traffic["segments"] = new JsonArray([.. config.Segments.Select(segment => Segment(segment, withModelName))]);
        }

        return traffic;
    }

    private static JsonObject Segment(TrafficSegment segment, bool withModelName)
    {
        var match = segment.Match.Group is { } group
            ? new JsonObject { ["group"] = group }
            : new JsonObject { ["header"] = segment.Match.Header, ["values"] = new JsonArray([.. segment.Match.Values!.Select(v => (JsonNode?)v)]) };
        return new JsonObject { ["name"] = segment.Name, ["match"] = match, ["routes"] = Routes(segment.Routes, withModelName) };
    }

    private static JsonArray Routes(IReadOnlyList<TrafficRoute> given, bool withModelName)
    {
        var routes = new JsonArray();
        foreach (var route in given)
        {
            var output = new JsonObject();
            if (withModelName)
            {
                output["served_model_name"] = route.ServedModelName;
            }

            output["served_entity_name"] = route.ServedModelName;
            if (route.TrafficBasisPoints is { } basisPoints)
            {
                output["traffic_basis_points"] = basisPoints;
            }
            else
            {
                output["traffic_percentage"] = route.TrafficPercentage;
            }

            routes.Add(output);
        }

        return routes;
    }
}
