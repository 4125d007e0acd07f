using System.Buffers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Permissions;
using Switchyard.Server.Experiments.Rollouts;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Gateway.Config;
using Switchyard.Server.Gateway.Usage;
using Switchyard.Server.Http;
using Switchyard.Server.Serving;
using Switchyard.Server.Serving.History;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Endpoints;

/// <summary>The serving-endpoints control plane, <c>/api/2.0/serving-endpoints…</c>.</summary>
public static class EndpointRoutes
{
    public static IServiceCollection AddEndpoints(this IServiceCollection services)
    {
        services.TryAddSingleton<IEndpointStore>(static sp => new SqlEndpointStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<EndpointConfigReader>();
        services.TryAddSingleton<Deployer>();
        services.TryAddSingleton<EndpointDirectory>();
        services.TryAddSingleton<EndpointIntake>();
        services.AddEndpointEvents();
        services.AddConfigHistory();
        services.TryAddSingleton<AiGatewayEndpointRules>();
        services.TryAddSingleton<EndpointService>();
        services.TryAddSingleton<EndpointRemains>();
        services.TryAddSingleton<EndpointAnswers>();
        services.TryAddSingleton<EndpointListAnswer>();
        services.TryAddSingleton<IThroughputProbe, NoThroughputProbe>();
        services.TryAddSingleton<ThroughputMeasurements>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DeploymentRestorer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, IdleReaper>());
        services.AddRollouts();
        return services;
    }

    public static IEndpointRouteBuilder MapEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/2.0/serving-endpoints");
        group.MapPost("", CreateAsync);
        group.MapGet("", ListAsync);
        group.MapGet("/{name}", Get);
        group.MapGet(OptimizationInfoRoute.Path, OptimizationInfoRoute.GetAsync);
        group.MapDelete("/{name}", DeleteAsync);
        group.MapPut("/{name}/config", UpdateConfigAsync);
        group.MapPut("/{name}/ai-gateway", UpdateAiGatewayAsync);
        group.MapPatch("/{name}/tags", UpdateTagsAsync);
        group.MapPut("/{name}/rate-limits", UpdateRateLimitsAsync);
        group.MapGet("/{name}/metrics", Metrics);
        group.MapGet(EndpointTrafficRoute.Path, EndpointTrafficRoute.Get);
        group.MapProvisionedThroughput();
        group.MapServedEntityLogs();
        group.MapEndpointEvents();
        group.MapConfigHistory();
        group.MapRollouts();
        group.MapGet("/{name}/openapi", OpenApiRoute.GetAsync);
        return routes;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, EndpointService service, EndpointAnswers answers)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var caller = Caller.Of(context);
        var endpoint = await service.CreateAsync(body, caller, context.RequestAborted);
        return Json(answers.Detailed(endpoint, caller));
    }

    /// <summary>GET …/serving-endpoints: every endpoint the caller may view (<see cref="EndpointListAnswer"/>).</summary>
    private static async Task ListAsync(HttpContext context, EndpointService service, EndpointListAnswer list)
    {
        var rendering = list.Of(service.List(Caller.Of(context)));
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = rendering.Length;
        rendering.WriteTo(context.Response.BodyWriter);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static IResult Get(string name, HttpContext context, EndpointService service, EndpointDirectory directory, EndpointAnswers answers)
    {
        var caller = Caller.Of(context);
        var (endpoint, answer) = directory.Render(service.Get(name, caller, PermissionLevel.CanView), snapshot =>
        {
            EndpointService.Authorize(snapshot, caller, PermissionLevel.CanView);
            return answers.Detailed(snapshot, caller);
        });
        return Tagged(context, endpoint, answer);
    }

    /// <summary>Deletes the endpoint, then what it leaves behind in other stores (<see cref="EndpointRemains"/>).</summary>
    private static async Task<IResult> DeleteAsync(
        string name, HttpContext context, EndpointService service, EndpointDirectory directory, EndpointRemains remains)
    {
        var endpointId = directory.TryGetSnapshot(name)?.Endpoint.Id;
        await service.DeleteAsync(name, Caller.Of(context), context.RequestAborted);
        await remains.ForgetAsync(name, endpointId, context.RequestAborted);
        return Json([]);
    }

    private static async Task<IResult> UpdateConfigAsync(string name, HttpContext context, EndpointService service, EndpointAnswers answers)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var caller = Caller.Of(context);
        var ifMatch = ConfigRequestFields.IfMatch(context.Request);
        var endpoint = await service.UpdateConfigAsync(name, body, caller, context.RequestAborted, ifMatch);
        return Tagged(context, endpoint, answers.Detailed(endpoint, caller));
    }

    /// <summary>PUT …/ai-gateway: the AiGatewayConfig fields at the top level; the answer is the stored config.</summary>
    private static async Task<IResult> UpdateAiGatewayAsync(string name, HttpContext context, EndpointService service)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var gateway = await service.UpdateAiGatewayAsync(name, body, Caller.Of(context), context.RequestAborted);
        return Json(gateway);
    }

    /// <summary>PATCH …/tags: <c>{"add_tags": [{key, value}], "delete_tags": [key]}</c>; the answer is the whole tag list.</summary>
    private static async Task<IResult> UpdateTagsAsync(string name, HttpContext context, EndpointService service)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var tags = await service.UpdateTagsAsync(name, body, Caller.Of(context), context.RequestAborted);
        return Json(new JsonObject { ["tags"] = tags });
    }

    /// <summary>PUT …/rate-limits, the legacy form of the gateway's limits: <c>{"rate_limits": [{calls, renewal_period, key}]}</c>; the answer is the stored list.</summary>
    private static async Task<IResult> UpdateRateLimitsAsync(string name, HttpContext context, EndpointService service)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var rules = await service.UpdateRateLimitsAsync(name, body, Caller.Of(context), context.RequestAborted);
        return Json(new JsonObject { ["rate_limits"] = rules });
    }

    /// <summary>The live entities' figures (Prometheus text; an endpoint not serving yet has none), then its usage log's and inference table's rows written and dropped.</summary>
    private static IResult Metrics(string name, HttpContext context, EndpointService service, UsageLog usage, InferenceTableCounters inference)
    {
        var live = service.Get(name, Caller.Of(context), PermissionLevel.CanView).Live;
        var text = (live is null ? "" : EndpointMetrics.Render(live)) + EndpointMetrics.RenderUsage(name, usage.CountsOf(name)) + inference.Render(name);
        return Results.Text(text, EndpointMetrics.ContentType);
    }

    /// <summary>An endpoint's answer with <c>ETag: "&lt;config_version&gt;"</c> (ours), the value <c>If-Match</c> takes.</summary>
    internal static IResult Tagged(HttpContext context, EndpointSnapshot endpoint, JsonObject body)
    {
        context.Response.Headers.ETag = ConfigRequestFields.ETag(ConfigWrite.CurrentVersion(endpoint.Endpoint));
        return Json(body);
    }

    internal static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");
}
