using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Errors;
using Switchyard.Core.Gateway;
using Switchyard.Core.Permissions;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Http;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Gateway.Usage;

/// <summary>
/// The usage log's services and <c>GET /api/2.0/serving-endpoints/{name}/usage</c> (ours): an
/// endpoint's usage rows over a time range, oldest first and paged, with the served entities they
/// name and the range's totals per served entity and requester. CAN_MANAGE reads everyone's rows;
/// CAN_QUERY reads the caller's own only (a row names who sent it, so others' are not theirs to see).
/// </summary>
public static class UsageRoutes
{
    public static IServiceCollection AddUsageTracking(this IServiceCollection services)
    {
        services.TryAddSingleton<IUsageStore>(static sp => new SqlUsageStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton(new UsageLogOptions());
        services.TryAddSingleton<UsageLog>();
        services.TryAddSingleton<IUsageLog>(static sp => sp.GetRequiredService<UsageLog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UsageLog>(static sp => sp.GetRequiredService<UsageLog>()));
        return services;
    }

    public static IEndpointRouteBuilder MapUsageTracking(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/2.0/serving-endpoints/{name}/usage", ReadAsync);
        return routes;
    }

    private static async Task<IResult> ReadAsync(string name, HttpContext context, EndpointService endpoints, IUsageStore store)
    {
        var caller = Caller.Of(context);
        var endpoint = endpoints.Get(name, caller, PermissionLevel.CanQuery);
        var request = UsageRequest.From(context.Request);
        var requester = request.Requester;
        if (endpoint.Access.LevelFor(caller) < PermissionLevel.CanManage)
        {
            if (requester is not null && requester != caller.Name)
            {
                throw new ServingException(ErrorCode.PermissionDenied,
                    $"{caller.Name} may read only their own usage rows of serving endpoint {name}; reading others' needs CAN_MANAGE.");
            }

            requester = caller.Name;
        }

        // Rows of an earlier endpoint of this name (written after it was deleted) predate this one.
        var created = DateTimeOffset.FromUnixTimeMilliseconds(endpoint.Endpoint.CreationTimestamp);
        var from = request.Start is { } start && start > created ? start : created;
        var query = new UsageQuery(name, from, request.End ?? DateTimeOffset.MaxValue, requester, request.MaxResults, request.After);
        var ct = context.RequestAborted;
        var page = await store.ReadAsync(query, ct);
        var totals = await store.SumAsync(query, ct);
        var entities = await store.ReadServedEntitiesAsync(name, ct);
        var answer = new UsageAnswer(
            [.. page.Rows.Select(UsageRow.Of)],
            [.. entities.Select(ServedEntityRow.Of)],
            totals,
            page.Next is { } next ? UsageRequest.TokenOf(next) : null);
        return Results.Json(answer, UsageJsonContext.Default.UsageAnswer);
    }
}
