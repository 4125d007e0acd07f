using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Errors;
using Switchyard.Core.Experiments;
using Switchyard.Core.Permissions;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Http;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Experiments.Replays;

/// <summary>
/// Replays (ours): <c>POST /api/2.0/serving-endpoints/{name}/replays</c> starts one,
/// <c>GET …/replays</c> lists them (newest first, at most <see cref="ListLimit"/>),
/// <c>GET …/replays/{id}</c> answers one with its report once it ended, <c>POST …/replays/{id}/cancel</c>
/// stops one. All need CAN_MANAGE: a report shows captured answers, which only the endpoint's
/// managers may read (as with the inference table's query route).
/// </summary>
public static class ReplayRoutes
{
    public const int ListLimit = 100;

    public static IServiceCollection AddReplays(this IServiceCollection services)
    {
        services.TryAddSingleton<IReplayStore>(static sp => new SqlReplayStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<ReplayJobs>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ReplayJobs>(static sp => sp.GetRequiredService<ReplayJobs>()));
        return services;
    }

    public static IEndpointRouteBuilder MapReplays(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/2.0/serving-endpoints/{name}/replays");
        group.MapPost("", StartAsync);
        group.MapGet("", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/cancel", CancelAsync);
        return routes;
    }

    private static async Task<IResult> StartAsync(
        string name, HttpContext context, EndpointService service, ReplayJobs jobs, InferenceTableWriter tables)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var caller = Caller.Of(context);
        var endpoint = service.Get(name, caller, PermissionLevel.CanManage);
        var request = ReplayRequest.Read(body);
        var table = endpoint.Gateway.InferenceTable
            ?? throw new ServingException(ErrorCode.InvalidParameterValue,
                $"source: endpoint {name} has no inference table to replay; set ai_gateway.inference_table_config and capture traffic first.");
        if (endpoint.Live?.Find(request.TargetEntity) is null)
        {
            throw ServingException.Invalid($"target_entity '{request.TargetEntity}' is not a served entity of endpoint {name}.");
        }

        var record = await jobs.LaunchAsync(endpoint, request, tables.FolderOf(table), caller, context.RequestAborted);
        return EndpointRoutes.Json(ReplayAnswer.Of(record, withReport: false));
    }

    private static async Task<IResult> ListAsync(string name, HttpContext context, EndpointService service, ReplayJobs jobs)
    {
        var endpoint = service.Get(name, Caller.Of(context), PermissionLevel.CanManage);
        var replays = new JsonArray();
        foreach (var record in await jobs.ListAsync(endpoint.Endpoint.Id, ListLimit, context.RequestAborted))
        {
            replays.Add(ReplayAnswer.Of(record, withReport: false));
        }

        return EndpointRoutes.Json(new JsonObject { ["replays"] = replays });
    }

    private static async Task<IResult> GetAsync(string name, string id, HttpContext context, EndpointService service, ReplayJobs jobs)
    {
        var endpoint = service.Get(name, Caller.Of(context), PermissionLevel.CanManage);
        var record = await jobs.FindAsync(endpoint.Endpoint.Id, id, context.RequestAborted) ?? throw NotFound(name, id);
        return EndpointRoutes.Json(ReplayAnswer.Of(record, withReport: true));
    }

    private static async Task<IResult> CancelAsync(string name, string id, HttpContext context, EndpointService service, ReplayJobs jobs)
    {
        var endpoint = service.Get(name, Caller.Of(context), PermissionLevel.CanManage);
        var record = await jobs.CancelAsync(endpoint.Endpoint.Id, id, context.RequestAborted) ?? throw NotFound(name, id);
        return EndpointRoutes.Json(ReplayAnswer.Of(record, withReport: true));
    }

    private static ServingException NotFound(string name, string id) =>
        ServingException.NotFound($"Endpoint {name} has no replay {id}.");
}
