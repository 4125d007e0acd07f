using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Core.Permissions;
using Switchyard.Core.Routing;
using Switchyard.Server.Http;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// <c>GET /api/2.0/serving-endpoints/{name}/traffic?minutes=60</c> (ours): each live served
/// entity's queries per second, error rate, p50/p99 latency and tokens per second, minute by
/// minute over the last hour, for the endpoint page's charts (CAN_VIEW). The arms of a split are
/// compared at a glance; Prometheus scrapes <c>…/metrics</c> for longer histories.
/// </summary>
public static class EndpointTrafficRoute
{
    public const string Path = "/{name}/traffic";

    public static IResult Get(string name, HttpContext context, EndpointService service)
    {
        var live = service.Get(name, Caller.Of(context), PermissionLevel.CanView).Live;
        var minutes = Minutes(context.Request.Query["minutes"]);
        var entities = new JsonArray();
        foreach (var entity in live?.Entities ?? [])
        {
            entities.Add(new JsonObject { ["name"] = entity.Name, ["points"] = Points(entity.Traffic.Read(minutes)) });
        }

        return EndpointRoutes.Json(new JsonObject
        {
            ["bucket_seconds"] = 60,
            ["config_version"] = live?.ConfigVersion,
            ["served_entities"] = entities,
        });
    }

    private static int Minutes(string? text)
    {
        if (text is null)
        {
            return TrafficSeries.Minutes;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is >= 1 and <= TrafficSeries.Minutes
            ? minutes
            : throw Core.Errors.ServingException.Invalid($"minutes must be a whole number from 1 to {TrafficSeries.Minutes}.");
    }

    private static JsonArray Points(IReadOnlyList<TrafficPoint> points)
    {
        var array = new JsonArray();
        foreach (var point in points)
        {
            array.Add(new JsonObject
            {
                ["time"] = point.Time,
                ["requests"] = point.Requests,
                ["requests_per_second"] = point.Requests / 60.0,
                ["errors"] = point.Errors,
                ["error_rate"] = point.Requests == 0 ? null : (double)point.Errors / point.Requests,
                ["p50_ms"] = point.P50Ms,
                ["p99_ms"] = point.P99Ms,
                ["tokens"] = point.Tokens,
                ["tokens_per_second"] = point.Tokens / 60.0,
            });
        }

        return array;
    }
}
