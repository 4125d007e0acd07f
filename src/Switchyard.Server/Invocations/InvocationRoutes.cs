using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Core.Permissions;
using Switchyard.Core.Routing;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Drivers;
using Switchyard.Server.Http;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Invocations;

/// <summary>
/// The data plane: <c>/serving-endpoints/{name}/invocations</c> (the traffic split picks the
/// served entity), <c>…/served-models/{served}/invocations</c> (that one entity), and the
/// OpenAI-compatible <c>/serving-endpoints/chat/completions</c>, <c>/completions</c> and
/// <c>/embeddings</c> (the body's <c>model</c> names the endpoint). Custom models score MLflow
/// requests; external and foundation models answer LLM queries (<see cref="LlmInvocation"/>).
/// The hot path reads one routing snapshot, takes no lock and touches no database.
/// </summary>
public static class InvocationRoutes
{
    /// <summary>The documented payload limit for custom-model endpoints.</summary>
    public const int MaxPayloadBytes = 16 * 1024 * 1024;

    private const string ServedModelHeader = "served-model-name";

    public static IEndpointRouteBuilder MapInvocations(this IEndpointRouteBuilder routes)
    {
        // Both are singletons, resolved once here: reaching them through
        // context.RequestServices would create (and dispose) a DI scope on every request.
        var tables = new Tables(
            routes.ServiceProvider.GetRequiredService<EndpointDirectory>(),
            routes.ServiceProvider.GetRequiredService<EntityDrivers>());
        routes.MapPost("/serving-endpoints/{name}/invocations", context => InvokeAsync(context, tables, servedName: null));
        routes.MapPost("/serving-endpoints/{name}/served-models/{served}/invocations",
            context => InvokeAsync(context, tables, (string)context.Request.RouteValues["served"]!));
        routes.MapPost("/serving-endpoints/chat/completions", context => InvokeOpenAiAsync(context, tables, LlmTask.Chat));
        routes.MapPost("/serving-endpoints/completions", context => InvokeOpenAiAsync(context, tables, LlmTask.Completions));
        routes.MapPost("/serving-endpoints/embeddings", context => InvokeOpenAiAsync(context, tables, LlmTask.Embeddings));
        return routes;
    }

    private static async Task InvokeAsync(HttpContext context, Tables tables, string? servedName)
    {
        var endpointName = (string)context.Request.RouteValues["name"]!;
        var route = await FindRouteAsync(context, tables, endpointName);
        var entity = route is null ? null : await PickAsync(context, route, servedName);
        if (entity is null)
        {
            return;
        }

        context.Response.Headers[ServedModelHeader] = entity.Name;
        using var request = new PooledBufferWriter(RequestBufferSize(context.Request));
        if (!await ReadBodyAsync(context, request))
        {
            return;
        }

        await tables.Drivers.For(entity.Config).InvokeAsync(
            new Invocation(context, route!, entity, request.WrittenMemory) { Pinned = servedName is not null });
    }

    /// <summary>
    /// The OpenAI-compatible surface: <c>model</c> in the body names the endpoint, the path
    /// names the task, and the traffic split picks the entity as on <c>…/invocations</c>.
    /// </summary>
    private static async Task InvokeOpenAiAsync(HttpContext context, Tables tables, LlmTask task)
    {
        using var request = new PooledBufferWriter(RequestBufferSize(context.Request));
        if (!await ReadBodyAsync(context, request))
        {
            return;
        }

        var body = JsonBody.ParseObject(request.WrittenMemory);
        if (body["model"] is not JsonValue model || model.GetValueKind() != JsonValueKind.String)
        {
            throw ServingException.Invalid("model is required: the name of the serving endpoint to query.");
        }

        var route = await FindRouteAsync(context, tables, model.GetValue<string>());
        var entity = route is null ? null : await PickAsync(context, route, servedName: null);
        if (entity is null)
        {
            return;
        }

        await tables.Drivers.For(entity.Config).InvokeAsync(
            new Invocation(context, route!, entity, request.WrittenMemory) { RouteTask = task, ParsedBody = body });
    }

    /// <summary>The endpoint's live route when the caller may query it; otherwise answers why not and gives null.</summary>
    private static async ValueTask<EndpointRoute?> FindRouteAsync(HttpContext context, Tables tables, string endpointName)
    {
        // One snapshot answers both questions, so the route and the rules are of one moment.
        var endpoint = tables.Endpoints.TryGetSnapshot(endpointName);
        if (endpoint?.Live is not { } route)
        {
            await AnswerNoRouteAsync(context, endpointName, endpoint);
            return null;
        }

        if (endpoint.Access.LevelFor(Caller.Of(context)) < PermissionLevel.CanQuery)
        {
            await AnswerDeniedAsync(context, endpointName);
            return null;
        }

        return route;
    }

    /// <summary>The entity the split picks, or the one named; answers why not and gives null when there is none.</summary>
    private static async ValueTask<ServedEntity?> PickAsync(HttpContext context, EndpointRoute route, string? servedName)
    {
        var entity = servedName is null ? route.Pick() : route.Find(servedName);
        if (entity is null)
        {
            await ApiError.WriteAsync(context, ErrorCode.ResourceDoesNotExist, servedName is null
                ? $"Endpoint {route.EndpointName} routes no traffic to any served entity."
                : $"Endpoint {route.EndpointName} has no served entity named {servedName}.");
        }

        return entity;
    }

    private static async ValueTask<bool> ReadBodyAsync(HttpContext context, PooledBufferWriter request)
    {
        if (await request.ReadFromAsync(context.Request.Body, MaxPayloadBytes, context.RequestAborted))
        {
            return true;
        }

        await ApiError.WriteAsync(context, ErrorCode.BadRequest, $"The request body is larger than the {MaxPayloadBytes / (1024 * 1024)} MB limit.");
        return false;
    }

    private static int RequestBufferSize(HttpRequest request) =>
        request.ContentLength is > 0 and < MaxPayloadBytes ? (int)request.ContentLength.Value + 1 : 4096;

    private static Task AnswerDeniedAsync(HttpContext context, string endpointName) =>
        ApiError.WriteAsync(context, ErrorCode.PermissionDenied,
            $"{Caller.NameOf(context)} does not have CAN_QUERY permission on serving endpoint {endpointName}.");

    /// <summary>No live route: an unknown endpoint, or one whose first config is not serving yet.</summary>
    private static async Task AnswerNoRouteAsync(HttpContext context, string endpointName, EndpointSnapshot? snapshot)
    {
        if (snapshot is null)
        {
            await ApiError.WriteAsync(context, ErrorCode.EndpointNotFound,
                "The given endpoint does not exist, please retry after checking the specified model and version deployment exists.");
        }
        else if (snapshot.Access.LevelFor(Caller.Of(context)) < PermissionLevel.CanQuery)
        {
            await AnswerDeniedAsync(context, endpointName);
        }
        else if (snapshot.Endpoint.ConfigUpdate == ConfigUpdateState.InProgress)
        {
            await ApiError.WriteAsync(context, ErrorCode.TemporarilyUnavailable,
                $"Endpoint {endpointName} is not ready yet: its served entities are loading.", retryAfterSeconds: 1);
        }
        else
        {
            await ApiError.WriteAsync(context, ErrorCode.BadRequest,
                $"Endpoint {endpointName} has no config serving traffic{(snapshot.Endpoint.UpdateFailure is { } why ? $": {why}" : ".")}");
        }
    }

    /// <summary>The data plane's lock-free lookups, held by the route delegates.</summary>
    private sealed record Tables(EndpointDirectory Endpoints, EntityDrivers Drivers);
}
