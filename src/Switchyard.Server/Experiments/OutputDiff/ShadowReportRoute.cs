using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Experiments;
using Switchyard.Core.Permissions;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Http;

namespace Switchyard.Server.Experiments.OutputDiff;

/// <summary>
/// <c>GET /api/2.0/serving-endpoints/{name}/shadow-report</c> (ours, CAN_VIEW), optionally
/// <c>?start_time_ms=&amp;end_time_ms=</c> (the pairs' time, start inclusive, end exclusive):
/// <c>{"shadows": [{"served_entity_name", "sample_percentage", "sent", "dropped", "comparison",
/// "noise_floor"}]}</c>, one per shadow of the current config, in the config's order. A shadow
/// serving the same model as a primary (entity name and resolved version, or provider and external
/// model name) is a second copy of that primary, as Diffy runs one: how far its answers stray from
/// the primary's is noise, so its comparison (over its pairs with that primary) is every other
/// shadow's <c>noise_floor</c>; null when there is no such copy, and for the copy itself.
/// </summary>
public static class ShadowReportRoute
{
    public const string Path = "/api/2.0/serving-endpoints/{name}/shadow-report";

    /// <summary>At most this many pairs per shadow are compared: the oldest in the time range.</summary>
    public const int MaxPairs = 100_000;

    public static IEndpointRouteBuilder MapShadowReport(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, GetAsync);
        return routes;
    }

    private static async Task<IResult> GetAsync(
        string name, HttpContext context, EndpointService service, IOutputPairStore store, ShadowCounters counters)
    {
        var endpoint = service.Get(name, Caller.Of(context), PermissionLevel.CanView);
        var (from, to) = TimeRange(context.Request.Query);
        var entities = endpoint.Endpoint.Config?.ServedEntities ?? [];
        var primaries = entities.Where(static e => !e.IsShadow).ToArray();
        var shadows = entities.Where(static e => e.IsShadow).ToArray();
        var noiseCopy = shadows.Select(s => (Shadow: s, Primary: primaries.FirstOrDefault(p => SameModel(p, s))))
            .FirstOrDefault(static c => c.Primary is not null);
        JsonObject? noiseFloor = null;
        if (noiseCopy.Shadow is not null)
        {
            var pairs = await store.ReadAsync(name, Source(noiseCopy.Shadow), from, to, MaxPairs, context.RequestAborted);
            noiseFloor = PairComparison.Of(pairs.Where(p => p.BaselineEntity == noiseCopy.Primary!.Name)).ToJson();
        }

        var report = new JsonArray();
        foreach (var shadow in shadows)
        {
            var pairs = await store.ReadAsync(name, Source(shadow), from, to, MaxPairs, context.RequestAborted);
            var count = counters.Of(name, shadow.Name);
            report.Add(new JsonObject
            {
                ["served_entity_name"] = shadow.Name,
                ["sample_percentage"] = shadow.ShadowSamplePercentage,
                ["sent"] = count.Sent,
                ["dropped"] = count.Dropped,
                ["comparison"] = PairComparison.Of(pairs).ToJson(),
                ["noise_floor"] = noiseFloor is null || ReferenceEquals(shadow, noiseCopy.Shadow) ? null : noiseFloor.DeepClone(),
            });
        }

        return EndpointRoutes.Json(new JsonObject { ["shadows"] = report });
    }

    private static string Source(ServedEntityConfig shadow) => "shadow:" + shadow.Name;

    private static bool SameModel(ServedEntityConfig primary, ServedEntityConfig shadow) =>
        primary.External is { } external
            ? shadow.External is { } other && external.Provider == other.Provider && external.Name == other.Name
            : shadow.External is null && primary.EntityName.Length > 0 && primary.EntityName == shadow.EntityName
                && primary.ResolvedVersion == shadow.ResolvedVersion;

    private static (DateTimeOffset From, DateTimeOffset To) TimeRange(IQueryCollection query)
    {
        var start = Millis(query, "start_time_ms") ?? 0;
        var end = Millis(query, "end_time_ms");
        if (end is not null && start >= end)
        {
            throw ServingException.Invalid(string.Create(CultureInfo.InvariantCulture, $"start_time_ms ({start}) must be before end_time_ms ({end})."));
        }

        return (DateTimeOffset.FromUnixTimeMilliseconds(start), end is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : DateTimeOffset.MaxValue);
    }

    private static long? Millis(IQueryCollection query, string field)
    {
        var text = query[field].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var millis) && millis <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? millis
            : throw ServingException.Invalid($"{field} '{text}' must be epoch milliseconds: a whole number, 0 or more.");
    }
}
