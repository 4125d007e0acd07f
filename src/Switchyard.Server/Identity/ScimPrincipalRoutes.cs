using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Server.Http;

namespace Switchyard.Server.Identity;

/// <summary>
/// SCIM <c>Me</c>, <c>Users</c> and <c>ServicePrincipals</c>: anyone signed in may read; only
/// admins create, change or delete. Users and service principals differ only in their name
/// attribute (<c>userName</c> or <c>applicationId</c>), so one set of handlers serves both.
/// </summary>
internal static class ScimPrincipalRoutes
{
    public static void Map(RouteGroupBuilder scim)
    {
        scim.MapGet("/Me", MeAsync);
        MapKind(scim.MapGroup("/Users"), PrincipalKind.User);
        MapKind(scim.MapGroup("/ServicePrincipals"), PrincipalKind.ServicePrincipal);
    }

    private static void MapKind(RouteGroupBuilder group, PrincipalKind kind)
    {
        group.MapGet("", (HttpContext context, IIdentityStore store) => ListAsync(kind, context, store));
        group.MapPost("", (HttpContext context, IIdentityStore store) => CreateAsync(kind, context, store));
        group.MapGet("/{id}", (string id, HttpContext context, IIdentityStore store) => GetAsync(kind, id, context, store));
        group.MapPatch("/{id}", (string id, HttpContext context, IIdentityStore store) => PatchAsync(kind, id, context, store));
        group.MapDelete("/{id}", (string id, HttpContext context, IIdentityStore store) => DeleteAsync(kind, id, context, store));
    }

    private static async Task<IResult> MeAsync(HttpContext context, IIdentityStore store)
    {
        var caller = Caller.Of(context);
        var view = await IdentityView.LoadAsync(store, context.RequestAborted);
        var me = view.Principal(caller.PrincipalId) ?? throw ServingException.NotFound("The calling principal no longer exists.");
        return IdentityJson.Answer(ScimAnswers.Principal(me, view.GroupsOf(me.Id)));
    }

    private static async Task<IResult> ListAsync(PrincipalKind kind, HttpContext context, IIdentityStore store)
    {
        var filter = ScimFilter.Parse(context.Request.Query["filter"].ToString());
        var view = await IdentityView.LoadAsync(store, context.RequestAborted);
        var matches = new List<JsonObject>();
        foreach (var principal in view.Principals(kind))
        {
            var resource = ScimAnswers.Principal(principal, view.GroupsOf(principal.Id));
            if (filter is null || filter.Matches(resource))
            {
                matches.Add(resource);
            }
        }

        return IdentityJson.Answer(ScimAnswers.List(matches, context.Request));
    }

    private static async Task<IResult> GetAsync(PrincipalKind kind, string id, HttpContext context, IIdentityStore store)
    {
        var view = await IdentityView.LoadAsync(store, context.RequestAborted);
        var principal = Require(kind, id, view.Principal(id));
        return IdentityJson.Answer(ScimAnswers.Principal(principal, view.GroupsOf(principal.Id)));
    }

    private static async Task<IResult> CreateAsync(PrincipalKind kind, HttpContext context, IIdentityStore store)
    {
        Caller.RequireAdmin(context, $"create {Plural(kind)}");
        var ct = context.RequestAborted;
        var body = await JsonBody.ReadObjectAsync(context.Request, ct);
        var name = kind == PrincipalKind.User ? UserName(body) : ApplicationId(body);
        var displayName = JsonBody.OptionalString(body, "displayName") is { Length: > 0 } given ? given : name;
        var active = body["active"] is null || new ScimOperation("replace", "active", null, body["active"]).BooleanValue();
        var groupIds = IdentityJson.ReferenceIds(body["groups"], "groups");
        foreach (var groupId in groupIds)
        {
            _ = await store.GetGroupAsync(groupId, ct) ?? throw ServingException.NotFound($"Group {groupId} does not exist.");
        }

        var principal = await store.CreatePrincipalAsync(kind, name, displayName, active, ct);
        foreach (var groupId in groupIds)
        {
            await store.AddMembersAsync(groupId, [principal.Id], ct);
        }

        var view = await IdentityView.LoadAsync(store, ct);
        return Results.Text(ScimAnswers.Principal(principal, view.GroupsOf(principal.Id)).ToJsonString(), "application/json",
            System.Text.Encoding.UTF8, StatusCodes.Status201Created);
    }

    private static async Task<IResult> PatchAsync(PrincipalKind kind, string id, HttpContext context, IIdentityStore store)
    {
        Caller.RequireAdmin(context, $"change {Plural(kind)}");
        var ct = context.RequestAborted;
        var operations = ScimOperation.ReadAll(await JsonBody.ReadObjectAsync(context.Request, ct));
        var principal = Require(kind, id, await store.GetPrincipalAsync(id, ct));
        foreach (var operation in operations)
        {
            if (operation.Attribute.Equals("groups", StringComparison.OrdinalIgnoreCase) && operation.Op != "replace")
            {
                continue;
            }

            if (!operation.Attribute.Equals("active", StringComparison.OrdinalIgnoreCase) || operation.Op == "remove")
            {
                throw ServingException.Invalid($"Unsupported operation '{operation.Op}' on '{operation.Attribute}': "
                    + "users and service principals take add/replace of active and add/remove of groups.");
            }

            _ = operation.BooleanValue();
        }

        foreach (var operation in operations)
        {
            if (operation.Attribute.Equals("active", StringComparison.OrdinalIgnoreCase))
            {
                await store.SetActiveAsync(principal.Id, operation.BooleanValue(), ct);
            }
            else
            {
                foreach (var groupId in operation.ReferenceIds())
                {
                    await (operation.Op == "add"
                        ? store.AddMembersAsync(groupId, [principal.Id], ct)
                        : store.RemoveMembersAsync(groupId, [principal.Id], ct));
                }
            }
        }

        var view = await IdentityView.LoadAsync(store, ct);
        return IdentityJson.Answer(ScimAnswers.Principal(Require(kind, id, view.Principal(id)), view.GroupsOf(id)));
    }

    private static async Task<IResult> DeleteAsync(PrincipalKind kind, string id, HttpContext context, IIdentityStore store)
    {
        Caller.RequireAdmin(context, $"delete {Plural(kind)}");
        var ct = context.RequestAborted;
        Require(kind, id, await store.GetPrincipalAsync(id, ct));
        await store.DeletePrincipalAsync(id, ct);
        return Results.NoContent();
    }

    private static string UserName(JsonObject body) =>
        JsonBody.OptionalString(body, "userName") is { Length: > 0 } name ? name.Trim() : throw ServingException.Invalid("userName is required.");

    /// <summary>The given UUID in its canonical lower-case form, or a new one.</summary>
    private static string ApplicationId(JsonObject body) => JsonBody.OptionalString(body, "applicationId") switch
    {
        null or "" => Guid.NewGuid().ToString(),
        var text when Guid.TryParse(text, out var parsed) => parsed.ToString(),
        var text => throw ServingException.Invalid($"applicationId '{text}' is not a UUID."),
    };

    private static Principal Require(PrincipalKind kind, string id, Principal? principal) =>
        principal is not null && principal.Kind == kind
            ? principal
            : throw ServingException.NotFound(kind == PrincipalKind.User ? $"User {id} does not exist." : $"Service principal {id} does not exist.");

    private static string Plural(PrincipalKind kind) => kind == PrincipalKind.User ? "users" : "service principals";
}
