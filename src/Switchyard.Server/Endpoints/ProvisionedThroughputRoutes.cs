using Switchyard.Core.Permissions;
using Switchyard.Server.Http;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// The provisioned-throughput-only routes of databricks-sdk-py's
/// <c>create_provisioned_throughput_endpoint</c> (<c>POST /api/2.0/serving-endpoints/pt</c>, the
/// create body with a PtEndpointCoreConfig) and <c>update_provisioned_throughput_endpoint_config</c>
/// (<c>PUT /api/2.0/serving-endpoints/pt/{name}/config</c>, body <c>{"config": …}</c>). Once the
/// body is checked to be a foundation-model config sized in model units, both go the ordinary
/// create and update way, and answer the same ServingEndpointDetailed.
/// </summary>
internal static class ProvisionedThroughputRoutes
{
    public static RouteGroupBuilder MapProvisionedThroughput(this RouteGroupBuilder group)
    {
        group.MapPost("/pt", CreateAsync);
        group.MapPut("/pt/{name}/config", UpdateConfigAsync);
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, EndpointService service, EndpointAnswers answers)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        ProvisionedThroughputBody.Check(body);
        var caller = Caller.Of(context);
        var endpoint = await service.CreateAsync(body, caller, context.RequestAborted);
        return EndpointRoutes.Json(answers.Detailed(endpoint, caller));
    }

    private static async Task<IResult> UpdateConfigAsync(string name, HttpContext context, EndpointService service, EndpointAnswers answers)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var caller = Caller.Of(context);
        // An unknown endpoint or a caller who may not change it hears so before any word on the body.
        service.Get(name, caller, PermissionLevel.CanManage);
        var config = ProvisionedThroughputBody.Check(body);
        var endpoint = await service.UpdateConfigAsync(name, config, caller, context.RequestAborted);
        return EndpointRoutes.Json(answers.Detailed(endpoint, caller));
    }
}
