using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Permissions;
using Switchyard.Server.Http;
using Switchyard.Server.Serving.Events;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// The endpoints' timelines and <c>GET /api/2.0/serving-endpoints/{name}/events</c> (ours, not
/// Databricks'): <c>{"events": [{timestamp, type, message, config_version?, served_entity_name?,
/// actor?}]}</c>, newest first, at most <c>max_results</c> (default 100, at most the 500 an
/// endpoint keeps). It needs CAN_VIEW, as reading the endpoint does: the events tell no more than
/// its GET shows over time, and never a secret.
/// </summary>
public static class EndpointEventRoutes
{
    public const int DefaultMaxResults = 100;

    public static IServiceCollection AddEndpointEvents(this IServiceCollection services)
    {
        services.TryAddSingleton<IEndpointEventStore>(static sp => new SqlEndpointEventStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton(new EndpointEventLogOptions());
        services.TryAddSingleton<EndpointEventLog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EndpointEventLog>(static sp => sp.GetRequiredService<EndpointEventLog>()));
        return services;
    }

    public static RouteGroupBuilder MapEndpointEvents(this RouteGroupBuilder group)
    {
        group.MapGet("/{name}/events", ReadAsync);
        return group;
    }

    private static async Task<IResult> ReadAsync(string name, HttpContext context, EndpointService service, EndpointEventLog log)
    {
        var endpoint = service.Get(name, Caller.Of(context), PermissionLevel.CanView).Endpoint;
        var maxResults = MaxResults(context.Request.Query["max_results"].ToString(), log.MostResults);
        var events = new JsonArray();
        foreach (var item in await log.ReadAsync(endpoint.Id, maxResults, context.RequestAborted))
        {
            events.Add(Wire(item));
        }

        return EndpointRoutes.Json(new JsonObject { ["events"] = events });
    }

    private static int MaxResults(string text, int most)
    {
        if (text.Length == 0)
        {
            return Math.Min(DefaultMaxResults, most);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1 && size <= most
            ? size
            : throw ServingException.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"max_results '{text}' must be a whole number from 1 to {most} (an endpoint keeps its newest {most} events)."));
    }

    private static JsonObject Wire(EndpointEvent item)
    {
        var answer = new JsonObject
        {
            ["timestamp"] = item.Timestamp,
            ["type"] = item.Type.ToWire(),
            ["message"] = item.Message,
        };
        if (item.ConfigVersion is { } version)
        {
            answer["config_version"] = version;
        }

        if (item.ServedEntityName is { } served)
        {
            answer["served_entity_name"] = served;
        }

        if (item.Actor is { } actor)
        {
            answer["actor"] = actor;
        }

        return answer;
    }
}
