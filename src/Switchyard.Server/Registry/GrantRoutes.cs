using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;
using Switchyard.Server.Http;

namespace Switchyard.Server.Registry;

/// <summary>
/// Grants in the Unity Catalog permissions API's shape:
/// <c>GET/PATCH /api/2.1/unity-catalog/permissions/{securable_type}/{full_name}</c> for registered
/// models (UC files them under the FUNCTION securable type), catalogs and schemas. Reading the
/// grants needs sight of the securable; changing them needs ownership (or admin).
/// </summary>
internal static class GrantRoutes
{
    private static readonly string[] ModelPrivileges = [ModelPrivilege.Execute];

    public static void Map(IEndpointRouteBuilder routes)
    {
        var grants = routes.MapGroup("/api/2.1/unity-catalog/permissions/{securableType}/{fullName}");
        grants.MapGet("", GetAsync);
        grants.MapPatch("", UpdateAsync);
    }

    private static async Task<IResult> GetAsync(
        string securableType, string fullName, HttpContext context, ModelAccess models, CatalogAccess catalogs, IModelGrantStore modelGrants, ISecurableGrantStore grants)
    {
        var caller = Caller.Of(context);
        var ct = context.RequestAborted;
        switch (KindOf(securableType))
        {
            case null:
                var model = ModelName.Parse(fullName);
                await models.RequireReadAsync(model, caller, ct);
                return Answer(await modelGrants.ListAsync(model, ct));
            case SecurableKind.Catalog:
                var catalog = await CatalogRoutes.RequireSeeAsync(catalogs, fullName, caller, ct);
                return Answer(await grants.ListAsync(Securable.OfCatalog(catalog.Name), ct));
            default:
                var (schema, _) = await SchemaRoutes.RequireSeeAsync(catalogs, fullName, caller, ct);
                return Answer(await grants.ListAsync(Securable.OfSchema(schema.CatalogName, schema.Name), ct));
        }
    }

    private static async Task<IResult> UpdateAsync(
        string securableType, string fullName, HttpContext context, ModelAccess models, CatalogAccess catalogs,
        IModelGrantStore modelGrants, ISecurableGrantStore grants, IPrincipalDirectory directory)
    {
        var caller = Caller.Of(context);
        var ct = context.RequestAborted;
        var kind = KindOf(securableType);
        if (kind is null)
        {
            var model = ModelName.Parse(fullName);
            await models.RequireChangeAsync(model, caller, ct);
            await modelGrants.UpdateAsync(model, await ReadChangesAsync(context, ModelPrivileges, directory), ct);
            return Answer(await modelGrants.ListAsync(model, ct));
        }

        var securable = await RequireManageAsync(kind.Value, fullName, catalogs, caller, ct);
        await grants.UpdateAsync(securable, await ReadChangesAsync(context, CatalogPrivilege.ValidOn(kind.Value), directory), ct);
        return Answer(await grants.ListAsync(securable, ct));
    }

    /// <summary>Null for a registered model; the wire's types compare without regard to case, as the SDKs send either.</summary>
    private static SecurableKind? KindOf(string securableType) => securableType.ToUpperInvariant() switch
    {
        "FUNCTION" or "REGISTERED_MODEL" => null,
        "CATALOG" => SecurableKind.Catalog,
        "SCHEMA" => SecurableKind.Schema,
        _ => throw ServingException.Invalid(
            $"securable type '{securableType}' is not served here; the types are 'catalog', 'schema' and 'function' (registered models)."),
    };

    private static async Task<Securable> RequireManageAsync(SecurableKind kind, string fullName, CatalogAccess catalogs, CallerIdentity caller, CancellationToken ct)
    {
        if (kind == SecurableKind.Catalog)
        {
            var catalog = await catalogs.FindCatalogAsync(ModelName.ValidatePart(fullName, "full_name"), ct);
            return CatalogAccess.CanManage(catalog, caller)
                ? Securable.OfCatalog(catalog.Name)
                : throw new ServingException(ErrorCode.PermissionDenied, $"{caller.Name} does not own catalog '{catalog.Name}'; its owner or an admin may grant on it.");
        }

        var (catalogName, schemaName) = SchemaRoutes.ParseFullName(fullName);
        var (schema, parent) = await catalogs.FindSchemaAsync(catalogName, schemaName, ct);
        return CatalogAccess.CanManage(schema, parent, caller)
            ? Securable.OfSchema(catalogName, schemaName)
            : throw new ServingException(ErrorCode.PermissionDenied,
                $"{caller.Name} does not own schema '{schema.FullName}'; its owner, its catalog's owner or an admin may grant on it.");
    }

    private static async Task<List<GrantChange>> ReadChangesAsync(HttpContext context, IReadOnlyList<string> valid, IPrincipalDirectory directory)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body["changes"] is not JsonArray list)
        {
            throw ServingException.Invalid("changes is required: a list of {principal, add, remove}.");
        }

        var ct = context.RequestAborted;
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

            var add = Privileges(change["add"], valid, $"{path}.add", errors);
            var remove = Privileges(change["remove"], valid, $"{path}.remove", errors);
            changes.Add(new GrantChange(principal, add, remove));
        }

        return errors.Count > 0 ? throw ServingException.Invalid(string.Join(" ", errors)) : changes;
    }

    private static List<string> Privileges(JsonNode? node, IReadOnlyList<string> valid, string path, List<string> errors)
    {
        var privileges = new List<string>();
        foreach (var item in node as JsonArray ?? [])
        {
            var privilege = item is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (privilege is null || !valid.Contains(privilege))
            {
                errors.Add($"{path}: privilege '{item?.ToJsonString()}' is not one of {string.Join(", ", valid)}.");
                continue;
            }

            privileges.Add(privilege);
        }

        return privileges;
    }

    private static IResult Answer(IReadOnlyDictionary<string, IReadOnlyList<string>> grants)
    {
        var assignments = new JsonArray();
        foreach (var (principal, privileges) in grants)
        {
            assignments.Add(new JsonObject { ["principal"] = principal, ["privileges"] = new JsonArray([.. privileges.Select(p => (JsonNode)p)]) });
        }

        return Results.Text(new JsonObject { ["privilege_assignments"] = assignments }.ToJsonString(), "application/json");
    }
}
