using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Server.Http;

namespace Switchyard.Server.Identity;

/// <summary>SCIM <c>Groups</c>: anyone signed in may read; only admins create, change or delete.</summary>
internal static class ScimGroupRoutes
{
    public static void Map(RouteGroupBuilder scim)
    {
        var groups = scim.MapGroup("/Groups");
        groups.MapGet("", ListAsync);
        groups.MapPost("", CreateAsync);
        groups.MapGet("/{id}", GetAsync);
        groups.MapPatch("/{id}", PatchAsync);
        groups.MapDelete("/{id}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IIdentityStore store)
    {
        var filter = ScimFilter.Parse(context.Request.Query["filter"].ToString());
        var view = await IdentityView.LoadAsync(store, context.RequestAborted);
        var matches = new List<JsonObject>();
        foreach (var group in view.Groups)
        {
            var resource = ScimAnswers.Group(group, view);
            if (filter is null || filter.Matches(resource))
            {
                matches.Add(resource);
            }
        }

        return IdentityJson.Answer(ScimAnswers.List(matches, context.Request));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IIdentityStore store)
    {
        var view = await IdentityView.LoadAsync(store, context.RequestAborted);
        return IdentityJson.Answer(ScimAnswers.Group(Require(id, Find(view, id)), view));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IIdentityStore store)
    {
        Caller.RequireAdmin(context, "create groups");
        var ct = context.RequestAborted;
        var body = await JsonBody.ReadObjectAsync(context.Request, ct);
        var name = JsonBody.OptionalString(body, "displayName") is { Length: > 0 } given
            ? given.Trim()
            : throw ServingException.Invalid("displayName is required.");
        var members = IdentityJson.ReferenceIds(body["members"], "members");
        var group = await store.CreateGroupAsync(name, members, ct);
        var view = await IdentityView.LoadAsync(store, ct);
        return Results.Text(ScimAnswers.Group(group, view).ToJsonString(), "application/json", System.Text.Encoding.UTF8, StatusCodes.Status201Created);
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext context, IIdentityStore store)
    {
        Caller.RequireAdmin(context, "change groups");
        var ct = context.RequestAborted;
        var operations = ScimOperation.ReadAll(await JsonBody.ReadObjectAsync(context.Request, ct));
        foreach (var operation in operations)
        {
            if (!operation.Attribute.Equals("members", StringComparison.OrdinalIgnoreCase) || operation.Op == "replace")
            {
                throw ServingException.Invalid($"Unsupported operation '{operation.Op}' on '{operation.Attribute}': groups take add/remove of members.");
            }
        }

        Require(id, await store.GetGroupAsync(id, ct));
        foreach (var operation in operations)
        {
            var ids = operation.ReferenceIds();
            await (operation.Op == "add" ? store.AddMembersAsync(id, ids, ct) : store.RemoveMembersAsync(id, ids, ct));
        }

        var view = await IdentityView.LoadAsync(store, ct);
        return IdentityJson.Answer(ScimAnswers.Group(Require(id, Find(view, id)), view));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IIdentityStore store)
    {
        Caller.RequireAdmin(context, "delete groups");
        var ct = context.RequestAborted;
        var group = Require(id, await store.GetGroupAsync(id, ct));
        if (group.DisplayName == CallerIdentity.AdminsGroup)
        {
            // Without it no one could manage the workspace again.
            throw new ServingException(ErrorCode.PermissionDenied, "The admins group cannot be deleted.");
        }

        await store.DeleteGroupAsync(id, ct);
        return Results.NoContent();
    }

    private static PrincipalGroup? Find(IdentityView view, string id)
    {
        foreach (var group in view.Groups)
        {
            if (group.Id == id)
            {
                return group;
            }
        }

        return null;
    }

    private static PrincipalGroup Require(string id, PrincipalGroup? group) =>
        group ?? throw ServingException.NotFound($"Group {id} does not exist.");
}
