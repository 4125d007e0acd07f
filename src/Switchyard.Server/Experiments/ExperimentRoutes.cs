using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Errors;
using Switchyard.Core.Experiments;
using Switchyard.Core.Permissions;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Http;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Experiments;

/// <summary>
/// The A/B readout (ours): <c>POST /serving-endpoints/{name}/feedback</c> (data plane, CAN_QUERY)
/// records an outcome of a query by its <c>x-request-id</c>, answering <c>{}</c>; and
/// <c>GET /api/2.0/serving-endpoints/{name}/experiment-report</c> (CAN_VIEW) answers the readout over
/// <c>start_time_ms</c>..<c>end_time_ms</c> (epoch milliseconds, [start, end); default the endpoint's
/// whole life) against <c>control</c> (default the serving config's first route).
/// </summary>
public static class ExperimentRoutes
{
    // DateTimeOffset.MaxValue in epoch milliseconds: the latest time a parameter may name.
    private const long LatestMs = 253_402_300_799_999;

    public static IServiceCollection AddExperimentReadout(this IServiceCollection services)
    {
        services.TryAddSingleton<IExperimentStore>(static sp => new SqlExperimentStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<ExperimentReadout>();
        return services;
    }

    public static IEndpointRouteBuilder MapExperimentReadout(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/serving-endpoints/{name}/feedback", RecordFeedbackAsync);
        routes.MapGet("/api/2.0/serving-endpoints/{name}/experiment-report", ReportAsync);
        return routes;
    }

    private static async Task<IResult> RecordFeedbackAsync(
        string name, HttpContext context, EndpointService endpoints, IExperimentStore store, TimeProvider time)
    {
        var caller = Caller.Of(context);
        endpoints.Get(name, caller, PermissionLevel.CanQuery);
        var feedback = FeedbackRequest.From(await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted));
        // The request id is not checked against the usage log: its row is written in the background
        // (up to a write window later), so a check would refuse fresh ids. Feedback for an id the
        // endpoint never answered is kept and joins nothing in the readout.
        await store.RecordFeedbackAsync(
            new FeedbackRecord(name, feedback.RequestId, feedback.Metric, feedback.Value, time.GetUtcNow(), caller.Name), context.RequestAborted);
        return Results.Text("{}", "application/json");
    }

    private static async Task<IResult> ReportAsync(string name, HttpContext context, EndpointService endpoints, ExperimentReadout readout)
    {
        endpoints.Get(name, Caller.Of(context), PermissionLevel.CanView);
        var query = context.Request.Query;
        var start = Time(query["start_time_ms"].ToString(), "start_time_ms") ?? DateTimeOffset.MinValue;
        var end = Time(query["end_time_ms"].ToString(), "end_time_ms") ?? DateTimeOffset.MaxValue;
        if (end <= start)
        {
            throw ServingException.Invalid("end_time_ms must be later than start_time_ms (the range is [start_time_ms, end_time_ms)).");
        }

        var control = query["control"].ToString();
        var report = await readout.ComputeAsync(name, start, end, control.Length == 0 ? null : control, context.RequestAborted);
        return Results.Text(ReportJson.Write(report), "application/json");
    }

    private static DateTimeOffset? Time(string text, string field)
    {
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= LatestMs
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw ServingException.Invalid($"{field} must be a time in epoch milliseconds (a non-negative integer).");
    }
}
