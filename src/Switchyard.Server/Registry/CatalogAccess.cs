using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;

namespace Switchyard.Server.Registry;

/// <summary>
/// Who may do what in catalogs and schemas, as Unity Catalog decides it: admins hold every
/// privilege; the owner of a catalog (a user, or a group the caller is in) holds every privilege
/// on it and on its schemas, the owner of a schema every privilege on that schema; anyone else
/// holds what was granted to them or one of their groups, on the securable itself or, for a
/// schema, on its catalog.
/// </summary>
public sealed class CatalogAccess(ICatalogStore catalogs, ISecurableGrantStore grants, TimeProvider time)
{
    public static bool Owns(string owner, CallerIdentity caller) => owner == caller.Name || caller.Groups.Contains(owner);

    public static bool CanManage(Catalog catalog, CallerIdentity caller) => caller.IsAdmin || Owns(catalog.Owner, caller);

    /// <summary>The schema's owner, its catalog's owner and admins change it and grant on it.</summary>
    public static bool CanManage(CatalogSchema schema, Catalog catalog, CallerIdentity caller) => CanManage(catalog, caller) || Owns(schema.Owner, caller);

    public async Task<bool> HoldsAsync(Catalog catalog, string privilege, CallerIdentity caller, CancellationToken ct) =>
        CanManage(catalog, caller) || await GrantedAsync(Securable.OfCatalog(catalog.Name), privilege, caller, ct);

    public async Task<bool> HoldsAsync(CatalogSchema schema, Catalog catalog, string privilege, CallerIdentity caller, CancellationToken ct) =>
        CanManage(schema, catalog, caller)
        || await GrantedAsync(Securable.OfSchema(schema.CatalogName, schema.Name), privilege, caller, ct)
        || await GrantedAsync(Securable.OfCatalog(catalog.Name), privilege, caller, ct);

    /// <summary>A catalog shows to those who manage it or may use it.</summary>
    public Task<bool> CanSeeAsync(Catalog catalog, CallerIdentity caller, CancellationToken ct) =>
        HoldsAsync(catalog, CatalogPrivilege.UseCatalog, caller, ct);

    /// <summary>A schema shows to those who manage it, or may use both it and its catalog.</summary>
    public async Task<bool> CanSeeAsync(CatalogSchema schema, Catalog catalog, CallerIdentity caller, CancellationToken ct) =>
        CanManage(schema, catalog, caller)
        || (await HoldsAsync(catalog, CatalogPrivilege.UseCatalog, caller, ct) && await HoldsAsync(schema, catalog, CatalogPrivilege.UseSchema, caller, ct));

    public async Task<Catalog> FindCatalogAsync(string name, CancellationToken ct) =>
        await catalogs.GetCatalogAsync(name, ct) ?? throw ServingException.NotFound($"Catalog '{name}' does not exist.");

    public async Task<(CatalogSchema Schema, Catalog Catalog)> FindSchemaAsync(string catalog, string schema, CancellationToken ct)
    {
        var parent = await FindCatalogAsync(catalog, ct);
        var found = await catalogs.GetSchemaAsync(catalog, schema, ct) ?? throw ServingException.NotFound($"Schema '{catalog}.{schema}' does not exist.");
        return (found, parent);
    }

    /// <summary>
    /// Lets the caller create a model named <paramref name="name"/>: USE_CATALOG on its catalog and
    /// USE_SCHEMA and CREATE_MODEL on its schema. For an admin, a catalog or schema that does not
    /// exist yet is created first, owned by the admin, so a fresh server takes <c>catalog.schema.model</c> at once.
    /// </summary>
    public async Task RequireCreateModelAsync(ModelName name, CallerIdentity caller, CancellationToken ct)
    {
        if (caller.IsAdmin)
        {
            await EnsureSchemaAsync(name.Catalog, name.Schema, caller.Name, ct);
            return;
        }

        var (schema, catalog) = await FindSchemaAsync(name.Catalog, name.Schema, ct);
        await RequireAsync(catalog, CatalogPrivilege.UseCatalog, caller, ct);
        await RequireAsync(schema, catalog, CatalogPrivilege.UseSchema, caller, ct);
        await RequireAsync(schema, catalog, CatalogPrivilege.CreateModel, caller, ct);
    }

    /// <summary>UC's condition besides model ownership for adding a version: USE_CATALOG and USE_SCHEMA on the model's containers.</summary>
    public async Task RequireUseAsync(ModelName name, CallerIdentity caller, CancellationToken ct)
    {
        if (caller.IsAdmin)
        {
            return;
        }

        var (schema, catalog) = await FindSchemaAsync(name.Catalog, name.Schema, ct);
        await RequireAsync(catalog, CatalogPrivilege.UseCatalog, caller, ct);
        await RequireAsync(schema, catalog, CatalogPrivilege.UseSchema, caller, ct);
    }

    /// <summary>USE_CATALOG and CREATE_SCHEMA on the catalog (its owner and admins hold both).</summary>
    public async Task<Catalog> RequireCreateSchemaAsync(string catalogName, CallerIdentity caller, CancellationToken ct)
    {
        var catalog = await FindCatalogAsync(catalogName, ct);
        await RequireAsync(catalog, CatalogPrivilege.UseCatalog, caller, ct);
        await RequireAsync(catalog, CatalogPrivilege.CreateSchema, caller, ct);
        return catalog;
    }

    private async Task RequireAsync(Catalog catalog, string privilege, CallerIdentity caller, CancellationToken ct)
    {
        if (!await HoldsAsync(catalog, privilege, caller, ct))
        {
            throw Denied(caller, privilege, Securable.OfCatalog(catalog.Name), "its owner or an admin may grant it");
        }
    }

    private async Task RequireAsync(CatalogSchema schema, Catalog catalog, string privilege, CallerIdentity caller, CancellationToken ct)
    {
        if (!await HoldsAsync(schema, catalog, privilege, caller, ct))
        {
            throw Denied(caller, privilege, Securable.OfSchema(schema.CatalogName, schema.Name), "its owner, its catalog's owner or an admin may grant it");
        }
    }

    private async Task EnsureSchemaAsync(string catalog, string schema, string owner, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (await catalogs.GetCatalogAsync(catalog, ct) is null)
        {
            await CreateIfMissingAsync(() => catalogs.CreateCatalogAsync(catalog, null, owner, now, ct));
        }

        if (await catalogs.GetSchemaAsync(catalog, schema, ct) is null)
        {
            await CreateIfMissingAsync(() => catalogs.CreateSchemaAsync(catalog, schema, null, owner, now, ct));
        }
    }

    /// <summary>Another request may create the same container at the same moment; either way it exists afterwards.</summary>
    private static async Task CreateIfMissingAsync(Func<Task> create)
    {
        try
        {
            await create();
        }
        catch (ServingException error) when (error.Code == ErrorCode.ResourceAlreadyExists)
        {
        }
    }

    private async Task<bool> GrantedAsync(Securable securable, string privilege, CallerIdentity caller, CancellationToken ct)
    {
        foreach (var (principal, privileges) in await grants.ListAsync(securable, ct))
        {
            if ((principal == caller.Name || caller.Groups.Contains(principal))
                && (privileges.Contains(privilege) || privileges.Contains(CatalogPrivilege.AllPrivileges)))
            {
                return true;
            }
        }

        return false;
    }

    private static ServingException Denied(CallerIdentity caller, string privilege, Securable securable, string who) =>
        new(ErrorCode.PermissionDenied, $"{caller.Name} does not have {privilege} on {securable}; {who}.");
}
