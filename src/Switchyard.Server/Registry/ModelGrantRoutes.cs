using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;
using Switchyard.Server.Http;

namespace Switchyard.Server.Registry;

/// <summary>
/// Grants on registered models, in the Unity Catalog permissions API's shape:
/// <c>GET/PATCH /api/2.1/unity-catalog/permissions/function/{full_name}</c> (UC files models
/// under the FUNCTION securable type).
/// </summary>
internal static class ModelGrantRoutes
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var grants = routes.MapGroup("/api/2.1/unity-catalog/permissions/{securableType}/{fullName}");
        grants.MapGet("", GetAsync);
        grants.MapPatch("", UpdateAsync);
    }

    private static async Task<IResult> GetAsync(string securableType, string fullName, HttpContext context, ModelAccess access, IModelGrantStore grants)
    {
        var name = ParseModel(securableType, fullName);
        await access.RequireReadAsync(name, Caller.Of(context), context.RequestAborted);
        return await AnswerAsync(name, grants, context.RequestAborted);
    }

    private static async Task<IResult> UpdateAsync(
        string securableType, string fullName, HttpContext context, ModelAccess access, IModelGrantStore grants, IPrincipalDirectory directory)
    {
        var name = ParseModel(securableType, fullName);
        await access.RequireChangeAsync(name, Caller.Of(context), context.RequestAborted);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var changes = await ReadChangesAsync(body, directory, context.RequestAborted);
        await grants.UpdateAsync(name, changes, context.RequestAborted);
        return await AnswerAsync(name, grants, context.RequestAborted);
    }

    private static ModelName ParseModel(string securableType, string fullName) =>
        securableType.ToUpperInvariant() is "FUNCTION" or "REGISTERED_MODEL"
            ? ModelName.Parse(fullName)
            : throw ServingException.Invalid($"securable type '{securableType}' is not served here; registered models are 'function'.");

    private static async Task<List<GrantChange>> ReadChangesAsync(JsonObject body, IPrincipalDirectory directory, CancellationToken ct)
    {
        if (body["changes"] is not JsonArray list)
        {
            throw ServingException.Invalid("changes is required: a list of {principal, add, remove}.");
        }

        var errors = new List<string>();
        var changes = new List<GrantChange>();
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"changes[{i}]";
            if (list[i] is not JsonObject change)
            {
                errors.Add($"{path} must be an object: {{principal, add, remove}}.");
                continue;
            }

            var principal = change["principal"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (principal is null)
            {
                errors.Add($"{path}.principal is required.");
                continue;
            }

            if (!await directory.UserExistsAsync(principal, ct) && !await directory.GroupExistsAsync(principal, ct)
                && !await directory.ServicePrincipalExistsAsync(principal, ct))
            {
                errors.Add($"{path}.principal: no user, group or service principal named '{principal}'.");
                continue;
            }

            var add = Privileges(change["add"], $"{path}.add", errors);
            var remove = Privileges(change["remove"], $"{path}.remove", errors);
            changes.Add(new GrantChange(principal, add, remove));
        }

        return errors.Count > 0 ? throw ServingException.Invalid(string.Join(" ", errors)) : changes;
    }

    private static List<string> Privileges(JsonNode? node, string path, List<string> errors)
    {
        var privileges = new List<string>();
        foreach (var item in node as JsonArray ?? [])
        {
            var privilege = item is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (privilege is null || !ModelPrivilege.IsKnown(privilege))
            {
                errors.Add($"{path}: privilege '{item?.ToJsonString()}' is not one of {ModelPrivilege.Execute}.");
                continue;
            }

            privileges.Add(privilege);
        }

        return privileges;
    }

    private static async Task<IResult> AnswerAsync(ModelName name, IModelGrantStore grants, CancellationToken ct)
    {
        var assignments = new JsonArray();
        foreach (var (principal, privileges) in await grants.ListAsync(name, ct))
        {
            assignments.Add(new JsonObject { ["principal"] = principal, ["privileges"] = new JsonArray([.. privileges.Select(p => (JsonNode)p)]) });
        }

        return Results.Text(new JsonObject { ["privilege_assignments"] = assignments }.ToJsonString(), "application/json");
    }
}
