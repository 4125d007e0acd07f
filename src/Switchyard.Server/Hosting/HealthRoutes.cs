using Switchyard.Core.Routing;
using Switchyard.Server.Http;
using Switchyard.Server.Serving;
using Switchyard.Storage.Sql;

namespace Switchyard.Server.Hosting;

/// <summary>
/// The probes, open without a token (they tell nothing about endpoints but their names):
/// <c>/health/live</c> answers 200 while the process answers at all; <c>/health/ready</c> answers 200
/// when this replica should take traffic, else 503 saying what it waits for: the database must
/// answer, every endpoint's serving config must be built here with its entities loaded (those that
/// scale to zero load on demand and do not count; a failed load is the endpoint's state, not the
/// replica's), and the replica must not be draining. <c>/health</c> stays as it was (200 "ok").
/// </summary>
public static class HealthRoutes
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", static () => Results.Json(new HealthAnswer("ok"), ServerJsonContext.Default.HealthAnswer));
        routes.MapGet(Live, static () => Results.Json(new HealthAnswer("live"), ServerJsonContext.Default.HealthAnswer));
        routes.MapGet(Ready, ReadyAsync);
        return routes;
    }

    private static async Task<IResult> ReadyAsync(Drain drain, SqlDatabase database, EndpointDirectory directory, CancellationToken ct)
    {
        if (drain.Draining)
        {
            return NotReady("draining");
        }

        if (!await DatabaseAnswersAsync(database, ct))
        {
            return NotReady("database unreachable");
        }

        var loading = new List<string>();
        foreach (var snapshot in directory.Snapshots())
        {
            if (!Loaded(snapshot))
            {
                loading.Add(snapshot.Name);
            }
        }

        if (loading.Count > 0)
        {
            loading.Sort(StringComparer.Ordinal);
            return NotReady("loading", loading);
        }

        return Results.Json(new HealthAnswer("ready"), ServerJsonContext.Default.HealthAnswer);
    }

    /// <summary>True when the endpoint's serving config (if any) is built on this replica and none of its always-on entities is still loading.</summary>
    private static bool Loaded(EndpointSnapshot snapshot)
    {
        if (snapshot.Endpoint.Config is not { } config)
        {
            return true;
        }

        if (snapshot.Live is not { } live || live.ConfigVersion != config.ConfigVersion)
        {
            return false;
        }

        foreach (var entity in live.Entities)
        {
            if (entity.State == DeploymentState.Creating && !entity.Config.ScaleToZeroEnabled)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> DatabaseAnswersAsync(SqlDatabase database, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var connection = await database.OpenAsync(timeout.Token);
            await using var probe = DbCommands.Create(connection, null, "SELECT 1");
            await probe.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception error) when (error is System.Data.Common.DbException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    private static IResult NotReady(string status, IReadOnlyList<string>? waitingFor = null) =>
        Results.Json(new HealthAnswer(status, waitingFor), ServerJsonContext.Default.HealthAnswer, statusCode: StatusCodes.Status503ServiceUnavailable);
}
