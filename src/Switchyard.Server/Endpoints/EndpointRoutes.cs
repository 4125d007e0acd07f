using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Routing;
using Switchyard.Server.Http;
using Switchyard.Server.Serving;
using Switchyard.Storage.Sqlite;

namespace Switchyard.Server.Endpoints;

/// <summary>The serving-endpoints control plane, <c>/api/2.0/serving-endpoints…</c>.</summary>
public static class EndpointRoutes
{
    public static IServiceCollection AddEndpoints(this IServiceCollection services)
    {
        services.TryAddSingleton<IEndpointStore>(static sp => new SqliteEndpointStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<EndpointConfigReader>();
        services.TryAddSingleton<RoutingTable>();
        services.TryAddSingleton<EndpointLocks>();
        services.TryAddSingleton<Deployer>();
        services.TryAddSingleton<EndpointService>();
        services.TryAddSingleton<EndpointAnswers>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DeploymentRestorer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, IdleReaper>());
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
