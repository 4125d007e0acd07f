using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Errors;
using Switchyard.Core.Gateway;
using Switchyard.Core.Permissions;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Http;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// The capture's services (the step's writer, counters and ids; the 401 hook) and its route,
/// <c>POST /api/2.0/serving-endpoints/{name}/inference-table/query {"sql": …}</c> (ours): read-only
/// SQL over the endpoint's payload table, for callers with CAN_MANAGE on the endpoint.
/// </summary>
public static class InferenceCaptureRoutes
{
    public const string QueryPath = "/api/2.0/serving-endpoints/{name}/inference-table/query";

    public static IServiceCollection AddInferenceCapture(this IServiceCollection services)
    {
        services.AddOptions<InferenceTableOptions>().BindConfiguration(InferenceTableOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<InferenceTableCounters>();
        services.TryAddSingleton<InferenceTableWriter>();
        services.AddHostedService(static sp => sp.GetRequiredService<InferenceTableWriter>());
        services.TryAddSingleton<ServedEntityIds>();
        // The usage log is another part's (and may be absent): the 401 hook takes it when it is there.
        services.TryAddSingleton(static sp => new UnauthenticatedCapture(
            sp.GetRequiredService<EndpointDirectory>(), sp.GetRequiredService<InferenceTableWriter>(), sp.GetService<IUsageLog>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<InferenceTableQuery>();
        return services;
    }

    public static IEndpointRouteBuilder MapInferenceCapture(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(QueryPath, QueryAsync);
        return routes;
    }

    private static async Task<IResult> QueryAsync(
        string name, HttpContext context, EndpointService service, InferenceTableWriter writer, InferenceTableQuery query)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var endpoint = service.Get(name, Caller.Of(context), PermissionLevel.CanManage);
        var sql = JsonBody.OptionalString(body, "sql");
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw ServingException.Invalid("sql is required: one SELECT over the endpoint's payload table.");
        }

        var table = endpoint.Gateway.InferenceTable
            ?? throw new ServingException(ErrorCode.BadRequest,
                $"Endpoint {name} has no inference table yet: set ai_gateway.inference_table_config (catalog_name, schema_name, table_name_prefix, enabled) first.");
        var answer = await query.RunAsync(writer.FolderOf(table), table, sql, context.RequestAborted);
        answer["table"] = table.PayloadTable;
        return EndpointRoutes.Json(answer);
    }
}
