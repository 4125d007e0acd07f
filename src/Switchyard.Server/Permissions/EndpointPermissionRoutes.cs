using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Permissions;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Http;

namespace Switchyard.Server.Permissions;

/// <summary>The permissions API for serving endpoints, <c>/api/2.0/permissions/serving-endpoints/{id}</c>.</summary>
public static class EndpointPermissionRoutes
{
    private static readonly (PermissionLevel Level, string Description)[] Levels =
    [
        (PermissionLevel.CanView, "Can view the endpoint: get it and list it."),
        (PermissionLevel.CanQuery, "Can view and query the endpoint."),
        (PermissionLevel.CanManage, "Can view, query, update the config of, delete and set permissions on the endpoint."),
    ];

    public static IServiceCollection AddEndpointPermissions(this IServiceCollection services)
    {
        services.TryAddSingleton<EndpointPermissionService>();
        return services;
    }

    public static IEndpointRouteBuilder MapEndpointPermissions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/2.0/permissions/serving-endpoints/{id}");
        group.MapGet("", Get);
        group.MapPut("", (string id, HttpContext context, EndpointPermissionService service) => ChangeAsync(id, context, service, replace: true));
        group.MapPatch("", (string id, HttpContext context, EndpointPermissionService service) => ChangeAsync(id, context, service, replace: false));
        group.MapGet("/permissionLevels", GetLevels);
        return routes;
    }

    private static IResult Get(string id, HttpContext context, EndpointPermissionService service) =>
        EndpointRoutes.Json(Answer(service.Get(id, Caller.Of(context), PermissionLevel.CanView).Endpoint));

    private static async Task<IResult> ChangeAsync(string id, HttpContext context, EndpointPermissionService service, bool replace)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        return EndpointRoutes.Json(Answer((await service.ChangeAsync(id, body, replace, Caller.Of(context), context.RequestAborted)).Endpoint));
    }

    private static IResult GetLevels(string id, HttpContext context, EndpointPermissionService service)
    {
        service.Get(id, Caller.Of(context), PermissionLevel.CanView);
        var levels = new JsonArray();
        foreach (var (level, description) in Levels)
        {
            levels.Add(new JsonObject { ["permission_level"] = level.ToWire(), ["description"] = description });
        }

        return EndpointRoutes.Json(new JsonObject { ["permission_levels"] = levels });
    }

    private static JsonObject Answer(ServingEndpoint endpoint)
    {
        var list = new JsonArray();
        foreach (var entry in endpoint.Permissions)
        {
            var item = new JsonObject { [FieldOf(entry.PrincipalType)] = entry.PrincipalName };
            item["all_permissions"] = new JsonArray(new JsonObject { ["permission_level"] = entry.Level.ToWire(), ["inherited"] = false });
            list.Add(item);
        }

        list.Add(new JsonObject
        {
            ["group_name"] = Core.Identity.CallerIdentity.AdminsGroup,
            ["all_permissions"] = new JsonArray(new JsonObject
            {
                ["permission_level"] = "CAN_MANAGE",
                ["inherited"] = true,
                ["inherited_from_object"] = new JsonArray("/serving-endpoints/"),
            }),
        });
        return new JsonObject
        {
            ["object_id"] = $"/serving-endpoints/{endpoint.Id}",
            ["object_type"] = "serving-endpoint",
            ["access_control_list"] = list,
        };
    }

    private static string FieldOf(AclPrincipalType type) => type switch
    {
        AclPrincipalType.Group => "group_name",
        AclPrincipalType.ServicePrincipal => "service_principal_name",
        _ => "user_name",
    };
}
