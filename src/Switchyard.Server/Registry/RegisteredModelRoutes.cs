using Switchyard.Core.Errors;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;
using Switchyard.Server.Http;
using Switchyard.Server.Registry.Wire;

namespace Switchyard.Server.Registry;

/// <summary>
/// Create, list, read, update and delete registered models. Creating one needs USE_CATALOG on its
/// catalog and USE_SCHEMA and CREATE_MODEL on its schema (<see cref="CatalogAccess"/>); the creator owns it.
/// </summary>
internal static class RegisteredModelRoutes
{
    public static void Map(RouteGroupBuilder models)
    {
        models.MapPost("", CreateAsync);
        models.MapGet("", ListAsync);
        models.MapGet("/{fullName}", GetAsync);
        models.MapPatch("/{fullName}", UpdateAsync);
        models.MapDelete("/{fullName}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IRegistryStore registry, CatalogAccess catalogs, TimeProvider time)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var name = new ModelName(
            ModelName.ValidatePart(JsonBody.OptionalString(body, "catalog_name"), "catalog_name"),
            ModelName.ValidatePart(JsonBody.OptionalString(body, "schema_name"), "schema_name"),
            ModelName.ValidatePart(JsonBody.OptionalString(body, "name"), "name"));
        var comment = JsonBody.OptionalString(body, "comment");
        await catalogs.RequireCreateModelAsync(name, Caller.Of(context), context.RequestAborted);
        var model = await registry.CreateModelAsync(name, comment, Caller.NameOf(context), Now(time), context.RequestAborted);
        return Results.Json(model.ToInfo(), RegistryJsonContext.Default.RegisteredModelInfo);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IRegistryStore registry, ModelAccess access)
    {
        var query = context.Request.Query;
        var catalog = OptionalPart(query["catalog_name"].ToString(), "catalog_name");
        var schema = OptionalPart(query["schema_name"].ToString(), "schema_name");
        var paging = RegistryPaging.From(context.Request);
        var caller = Caller.Of(context);
        var models = new List<RegisteredModel>();
        foreach (var model in await registry.ListModelsAsync(catalog, schema, context.RequestAborted))
        {
            if (await access.CanReadAsync(model, caller, context.RequestAborted))
            {
                models.Add(model);
            }
        }

        var (page, next) = paging.Apply(models, static model => model.Name.FullName, string.CompareOrdinal);
        var infos = page.ConvertAll(static model => model.ToInfo());
        return Results.Json(new RegisteredModelList(infos, next), RegistryJsonContext.Default.RegisteredModelList);
    }

    private static async Task<IResult> GetAsync(string fullName, HttpContext context, ModelAccess access)
    {
        var model = await access.RequireReadAsync(ModelName.Parse(fullName), Caller.Of(context), context.RequestAborted);
        return Results.Json(model.ToInfo(), RegistryJsonContext.Default.RegisteredModelInfo);
    }

    private static async Task<IResult> UpdateAsync(
        string fullName, HttpContext context, IRegistryStore registry, ModelAccess access, CatalogAccess catalogs, IModelGrantStore grants, TimeProvider time)
    {
        var name = ModelName.Parse(fullName);
        var caller = Caller.Of(context);
        await access.RequireChangeAsync(name, caller, context.RequestAborted);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var newName = JsonBody.OptionalString(body, "new_name") switch
        {
            null => (ModelName?)null,
            var text when text.Contains('.', StringComparison.Ordinal) => ModelName.Parse(text, "new_name"),
            var text => name with { Name = ModelName.ValidatePart(text, "new_name") },
        };
        var comment = JsonBody.OptionalString(body, "comment");
        var owner = JsonBody.OptionalString(body, "owner");
        if (owner is { Length: 0 })
        {
            throw ServingException.Invalid("owner must not be empty.");
        }

        if (newName is { } target && (target.Catalog, target.Schema) != (name.Catalog, name.Schema))
        {
            // Moving a model to another schema creates it there, as far as that schema's privileges go.
            await catalogs.RequireCreateModelAsync(target, caller, context.RequestAborted);
        }

        var model = await registry.UpdateModelAsync(name, newName, comment, owner, Caller.NameOf(context), Now(time), context.RequestAborted);
        if (newName is { } renamed && renamed != name)
        {
            await grants.RenameAsync(name, renamed, context.RequestAborted);
        }
        return Results.Json(model.ToInfo(), RegistryJsonContext.Default.RegisteredModelInfo);
    }

    private static async Task<IResult> DeleteAsync(
        string fullName, HttpContext context, IRegistryStore registry, ModelAccess access, IModelGrantStore grants, ModelStore store)
    {
        var name = ModelName.Parse(fullName);
        await access.RequireChangeAsync(name, Caller.Of(context), context.RequestAborted);

        // The registry forgets first: a folder left by a failed delete is an orphan start-up removes,
        // whereas a version whose folder went first would be a broken record.
        foreach (var location in await registry.DeleteModelAsync(name, context.RequestAborted))
        {
            store.Delete(location);
        }

        await grants.DeleteAllAsync(name, context.RequestAborted);

        return Results.Json(new EmptyAnswer(), RegistryJsonContext.Default.EmptyAnswer);
    }

    private static string? OptionalPart(string value, string field) =>
        value.Length == 0 ? null : ModelName.ValidatePart(value, field);

    internal static long Now(TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();
}
