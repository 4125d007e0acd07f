using Switchyard.Core.Endpoints;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Drivers;
using Switchyard.Server.Endpoints.OpenApi;
using Switchyard.Server.Http;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// <c>GET /api/2.0/serving-endpoints/{name}/openapi</c> (the SDK's <c>get_open_api</c>): the
/// endpoint's invocation API as an OpenAPI 3.0 JSON document, for the serving config (or, before
/// the first one serves, the pending one). It needs CAN_QUERY: it is the schema of the queries
/// the caller may send, and it names the models' signature columns, which the registry shows
/// only to those who may execute the models.
/// </summary>
public static class OpenApiRoute
{
    public static async Task<IResult> GetAsync(string name, HttpContext context, EndpointService service, IRegistryStore registry, EntityDrivers drivers)
    {
        var ct = context.RequestAborted;
        var endpoint = service.Get(name, Caller.Of(context), PermissionLevel.CanQuery).Endpoint;
        var config = endpoint.Config ?? endpoint.PendingConfig
            ?? throw Core.Errors.ServingException.NotFound($"Serving endpoint {name} has no config.");
        var signatures = new Dictionary<string, ModelSignature>(StringComparer.Ordinal);
        var tasks = new Dictionary<string, IReadOnlyList<Core.Llm.LlmTask>>(StringComparer.Ordinal);
        foreach (var entity in config.ServedEntities)
        {
            tasks[entity.Name] = drivers.For(entity).TasksOf(entity);
            // An entity answering no LLM task is a custom model: its requests follow its signature.
            if (tasks[entity.Name].Count == 0
                && await registry.GetVersionAsync(ModelName.Parse(entity.EntityName, "entity_name"), entity.ResolvedVersion, ct) is { } version)
            {
                signatures[entity.Name] = version.Signature;
            }
        }

        var request = context.Request;
        var document = InvocationApiDocument.Build(name, config, signatures, tasks, $"{request.Scheme}://{request.Host}{request.PathBase}");
        return EndpointRoutes.Json(document);
    }
}
