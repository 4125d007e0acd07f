using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;
using Switchyard.Server.Http;
using Switchyard.Server.Registry.Wire;

namespace Switchyard.Server.Registry;

/// <summary>
/// Unity Catalog schemas (<c>/api/2.1/unity-catalog/schemas…</c>). Creating one needs USE_CATALOG
/// and CREATE_SCHEMA on its catalog; the creator owns it. A schema that still holds models is not deleted.
/// </summary>
internal static class SchemaRoutes
{
    public const string Prefix = "/api/2.1/unity-catalog/schemas";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var schemas = routes.MapGroup(Prefix);
        schemas.MapPost("", CreateAsync);
        schemas.MapGet("", ListAsync);
        schemas.MapGet("/{fullName}", GetAsync);
        schemas.MapDelete("/{fullName}", DeleteAsync);
    }

    /// <summary>Parses <c>catalog.schema</c>; throws INVALID_PARAMETER_VALUE naming the fault.</summary>
    public static (string Catalog, string Schema) ParseFullName(string fullName)
    {
        var parts = fullName.Split('.');
        return parts.Length == 2
            ? (ModelName.ValidatePart(parts[0], "full_name"), ModelName.ValidatePart(parts[1], "full_name"))
            : throw ServingException.Invalid($"full_name '{fullName}' must be a two-level name catalog.schema.");
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ICatalogStore store, CatalogAccess access, TimeProvider time)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var catalogName = ModelName.ValidatePart(JsonBody.OptionalString(body, "catalog_name"), "catalog_name");
        var name = ModelName.ValidatePart(JsonBody.OptionalString(body, "name"), "name");
        var comment = JsonBody.OptionalString(body, "comment");
        var caller = Caller.Of(context);
        await access.RequireCreateSchemaAsync(catalogName, caller, context.RequestAborted);
        var schema = await store.CreateSchemaAsync(catalogName, name, comment, caller.Name, RegisteredModelRoutes.Now(time), context.RequestAborted);
        return Results.Json(schema.ToInfo(), RegistryJsonContext.Default.SchemaInfo);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ICatalogStore store, CatalogAccess access)
    {
        var caller = Caller.Of(context);
        var catalogName = ModelName.ValidatePart(context.Request.Query["catalog_name"].ToString(), "catalog_name");
        var catalog = await CatalogRoutes.RequireSeeAsync(access, catalogName, caller, context.RequestAborted);
        var paging = RegistryPaging.From(context.Request);
        var visible = new List<CatalogSchema>();
        foreach (var schema in await store.ListSchemasAsync(catalog.Name, context.RequestAborted))
        {
            if (await access.CanSeeAsync(schema, catalog, caller, context.RequestAborted))
            {
                visible.Add(schema);
            }
        }

        var (page, next) = paging.Apply(visible, static schema => schema.FullName, string.CompareOrdinal);
        return Results.Json(new SchemaList(page.ConvertAll(static schema => schema.ToInfo()), next), RegistryJsonContext.Default.SchemaList);
    }

    private static async Task<IResult> GetAsync(string fullName, HttpContext context, CatalogAccess access)
    {
        var (schema, _) = await RequireSeeAsync(access, fullName, Caller.Of(context), context.RequestAborted);
        return Results.Json(schema.ToInfo(), RegistryJsonContext.Default.SchemaInfo);
    }

    private static async Task<IResult> DeleteAsync(string fullName, HttpContext context, ICatalogStore store, CatalogAccess access, ISecurableGrantStore grants)
    {
        var (catalogName, schemaName) = ParseFullName(fullName);
        var (schema, catalog) = await access.FindSchemaAsync(catalogName, schemaName, context.RequestAborted);
        var caller = Caller.Of(context);
        if (!CatalogAccess.CanManage(schema, catalog, caller))
        {
            throw new ServingException(ErrorCode.PermissionDenied,
                $"{caller.Name} does not own schema '{schema.FullName}'; its owner, its catalog's owner or an admin may delete it.");
        }

        await store.DeleteSchemaAsync(catalogName, schemaName, context.RequestAborted);
        await grants.DeleteAllAsync(Securable.OfSchema(catalogName, schemaName), context.RequestAborted);
        return Results.Json(new EmptyAnswer(), RegistryJsonContext.Default.EmptyAnswer);
    }

    /// <summary>The schema and its catalog, when the caller may see the schema: 404 when either does not exist, 403 when it may not.</summary>
    internal static async Task<(CatalogSchema Schema, Catalog Catalog)> RequireSeeAsync(CatalogAccess access, string fullName, CallerIdentity caller, CancellationToken ct)
    {
        var (catalogName, schemaName) = ParseFullName(fullName);
        var (schema, catalog) = await access.FindSchemaAsync(catalogName, schemaName, ct);
        return await access.CanSeeAsync(schema, catalog, caller, ct)
            ? (schema, catalog)
            : throw new ServingException(ErrorCode.PermissionDenied,
                $"{caller.Name} does not have {CatalogPrivilege.UseCatalog} on catalog '{catalogName}' and {CatalogPrivilege.UseSchema} on schema '{schema.FullName}'.");
    }
}
