using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Server.Http;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Endpoints;

/// <summary>The serving-endpoints control plane, <c>/api/2.0/serving-endpoints…</c>.</summary>
public static class EndpointRoutes
{
    public static IServiceCollection AddEndpoints(this IServiceCollection services)
    {
        services.AddSingleton<IEndpointStore, Storage.Sqlite.SqliteEndpointStore>();
        services.AddSingleton<EndpointConfigReader>();
        services.AddSingleton<Core.Routing.RoutingTable>();
        services.AddSingleton<EndpointLocks>();
        services.AddSingleton<Deployer>();
        services.AddSingleton<EndpointService>();
        services.AddSingleton<EndpointAnswers>();
        services.AddHostedService<DeploymentRestorer>();
        services.AddHostedService<IdleReaper>();
        return services;
    }

    public static IEndpointRouteBuilder MapEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/2.0/serving-endpoints");
        group.MapPost("", CreateAsync);
        group.MapGet("", ListAsync);
        group.MapGet("/{name}", GetAsync);
        group.MapDelete("/{name}", DeleteAsync);
        group.MapPut("/{name}/config", UpdateConfigAsync);
        return routes;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, EndpointService service, EndpointAnswers answers)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var endpoint = await service.CreateAsync(body, Caller.NameOf(context), context.RequestAborted);
        return Json(answers.Detailed(endpoint));
    }

    private static async Task<IResult> ListAsync(EndpointService service, EndpointAnswers answers, CancellationToken ct)
    {
        var list = new JsonArray();
        foreach (var endpoint in await service.ListAsync(ct))
        {
            list.Add(answers.Summary(endpoint));
        }

        return Json(new JsonObject { ["endpoints"] = list });
    }

    private static async Task<IResult> GetAsync(string name, EndpointService service, EndpointAnswers answers, CancellationToken ct) =>
        Json(answers.Detailed(await service.GetAsync(name, ct)));

    private static async Task<IResult> DeleteAsync(string name, EndpointService service, CancellationToken ct)
    {
        await service.DeleteAsync(name, ct);
        return Json([]);
    }

    private static async Task<IResult> UpdateConfigAsync(string name, HttpContext context, EndpointService service, EndpointAnswers answers)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var endpoint = await service.UpdateConfigAsync(name, body, Caller.NameOf(context), context.RequestAborted);
        return Json(answers.Detailed(endpoint));
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");
}
