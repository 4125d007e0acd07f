using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Server.Http;
using Switchyard.Server.Serving.History;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// The config history (ours, not Databricks'):
/// <c>GET /api/2.0/serving-endpoints/{name}/config-history</c> answers
/// <c>{"configs": [{config_version, author, timestamp, reason?, config, diff}]}</c>, newest first,
/// at most <c>max_results</c> (default 100, at most 1000), with CAN_VIEW; and
/// <c>POST …/{name}/config/rollback {"config_version": N, "reason"?}</c>, with CAN_MANAGE, applies
/// version N's config again as a new version and answers as <c>PUT …/config</c> does.
/// </summary>
public static class ConfigHistoryRoutes
{
    public const int DefaultMaxResults = 100;

    public const int MostResults = 1000;

    public static IServiceCollection AddConfigHistory(this IServiceCollection services)
    {
        services.TryAddSingleton<IConfigHistoryStore>(static sp => new SqlConfigHistoryStore(sp.GetRequiredService<SqlDatabase>()));
        return services;
    }

    public static RouteGroupBuilder MapConfigHistory(this RouteGroupBuilder group)
    {
        group.MapGet("/{name}/config-history", ReadAsync);
        group.MapPost("/{name}/config/rollback", RollbackAsync);
        return group;
    }

    private static async Task<IResult> ReadAsync(string name, HttpContext context, EndpointService service)
    {
        var caller = Caller.Of(context);
        // An unknown endpoint or a caller who may not view it hears so before any word on max_results.
        service.Get(name, caller, Core.Permissions.PermissionLevel.CanView);
        var maxResults = MaxResults(context.Request.Query["max_results"].ToString());
        var configs = new JsonArray();
        foreach (var entry in await service.ConfigHistoryAsync(name, caller, maxResults, context.RequestAborted))
        {
            configs.Add(Wire(entry, name));
        }

        return EndpointRoutes.Json(new JsonObject { ["configs"] = configs });
    }

    private static async Task<IResult> RollbackAsync(string name, HttpContext context, EndpointService service, EndpointAnswers answers)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var caller = Caller.Of(context);
        var ifMatch = ConfigRequestFields.IfMatch(context.Request);
        var endpoint = await service.RollbackAsync(name, body, caller, ifMatch, context.RequestAborted);
        return EndpointRoutes.Tagged(context, endpoint, answers.Detailed(endpoint, caller));
    }

    private static int MaxResults(string text)
    {
        if (text.Length == 0)
        {
            return DefaultMaxResults;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MostResults
            ? size
            : throw ServingException.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"max_results '{text}' must be a whole number from 1 to {MostResults}."));
    }

    private static JsonObject Wire(ConfigHistoryEntry entry, string name) => new()
    {
        ["config_version"] = entry.ConfigVersion,
        ["author"] = entry.Author,
        ["timestamp"] = entry.Timestamp,
        ["reason"] = entry.Reason,
        ["config"] = ConfigView.Of(entry.Config, name),
        ["diff"] = entry.Diff.DeepClone(),
    };
}
