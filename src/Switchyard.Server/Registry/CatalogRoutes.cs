using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;
using Switchyard.Server.Http;
using Switchyard.Server.Registry.Wire;

namespace Switchyard.Server.Registry;

/// <summary>
/// Unity Catalog catalogs (<c>/api/2.1/unity-catalog/catalogs…</c>). Only admins create them (UC's
/// CREATE_CATALOG on the metastore); the creator owns the catalog. A catalog that still holds
/// schemas is not deleted (UC's <c>force</c> is not offered).
/// </summary>
internal static class CatalogRoutes
{
    public const string Prefix = "/api/2.1/unity-catalog/catalogs";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var catalogs = routes.MapGroup(Prefix);
        catalogs.MapPost("", CreateAsync);
        catalogs.MapGet("", ListAsync);
        catalogs.MapGet("/{name}", GetAsync);
        catalogs.MapDelete("/{name}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ICatalogStore store, TimeProvider time)
    {
        var caller = Caller.RequireAdmin(context, "create catalogs");
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var name = ModelName.ValidatePart(JsonBody.OptionalString(body, "name"), "name");
        var comment = JsonBody.OptionalString(body, "comment");
        var catalog = await store.CreateCatalogAsync(name, comment, caller.Name, RegisteredModelRoutes.Now(time), context.RequestAborted);
        return Results.Json(catalog.ToInfo(), RegistryJsonContext.Default.CatalogInfo);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ICatalogStore store, CatalogAccess access)
    {
        var paging = RegistryPaging.From(context.Request);
        var caller = Caller.Of(context);
        var visible = new List<Catalog>();
        foreach (var catalog in await store.ListCatalogsAsync(context.RequestAborted))
        {
            if (await access.CanSeeAsync(catalog, caller, context.RequestAborted))
            {
                visible.Add(catalog);
            }
        }

        var (page, next) = paging.Apply(visible, static catalog => catalog.Name, string.CompareOrdinal);
        return Results.Json(new CatalogList(page.ConvertAll(static catalog => catalog.ToInfo()), next), RegistryJsonContext.Default.CatalogList);
    }

    private static async Task<IResult> GetAsync(string name, HttpContext context, CatalogAccess access)
    {
        var catalog = await RequireSeeAsync(access, name, Caller.Of(context), context.RequestAborted);
        return Results.Json(catalog.ToInfo(), RegistryJsonContext.Default.CatalogInfo);
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, ICatalogStore store, CatalogAccess access, ISecurableGrantStore grants)
    {
        var catalog = await access.FindCatalogAsync(name, context.RequestAborted);
        var caller = Caller.Of(context);
        if (!CatalogAccess.CanManage(catalog, caller))
        {
            throw new ServingException(ErrorCode.PermissionDenied, $"{caller.Name} does not own catalog '{name}'; its owner or an admin may delete it.");
        }

        await store.DeleteCatalogAsync(name, context.RequestAborted);
        await grants.DeleteAllAsync(Securable.OfCatalog(name), context.RequestAborted);
        return Results.Json(new EmptyAnswer(), RegistryJsonContext.Default.EmptyAnswer);
    }

    /// <summary>The catalog, when the caller may see it: 404 when it does not exist, 403 when it may not.</summary>
    internal static async Task<Catalog> RequireSeeAsync(CatalogAccess access, string name, CallerIdentity caller, CancellationToken ct)
    {
        var catalog = await access.FindCatalogAsync(name, ct);
        return await access.CanSeeAsync(catalog, caller, ct)
            ? catalog
            : throw new ServingException(ErrorCode.PermissionDenied, $"{caller.Name} does not have {CatalogPrivilege.UseCatalog} on catalog '{name}'.");
    }
}
