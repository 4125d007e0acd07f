using Switchyard.Core.Errors;
using Switchyard.Core.Registry;
using Switchyard.Server.Http;
using Switchyard.Server.Registry.Wire;

namespace Switchyard.Server.Registry;

/// <summary>Create, list, read, update and delete registered models.</summary>
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

    private static async Task<IResult> CreateAsync(HttpContext context, IRegistryStore registry, TimeProvider time)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var name = new ModelName(
            ModelName.ValidatePart(RequestFields.OptionalString(body, "catalog_name"), "catalog_name"),
            ModelName.ValidatePart(RequestFields.OptionalString(body, "schema_name"), "schema_name"),
            ModelName.ValidatePart(RequestFields.OptionalString(body, "name"), "name"));
        var comment = RequestFields.OptionalString(body, "comment");
        var model = await registry.CreateModelAsync(name, comment, Caller.NameOf(context), Now(time), context.RequestAborted);
        return Results.Json(model.ToInfo(), RegistryJsonContext.Default.RegisteredModelInfo);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IRegistryStore registry)
    {
        var query = context.Request.Query;
        var catalog = OptionalPart(query["catalog_name"].ToString(), "catalog_name");
        var schema = OptionalPart(query["schema_name"].ToString(), "schema_name");
        var paging = RegistryPaging.From(context.Request);
        var models = await registry.ListModelsAsync(catalog, schema, context.RequestAborted);
        var (page, next) = paging.Apply(models, static model => model.Name.FullName, string.CompareOrdinal);
        var infos = page.ConvertAll(static model => model.ToInfo());
        return Results.Json(new RegisteredModelList(infos, next), RegistryJsonContext.Default.RegisteredModelList);
    }

    private static async Task<IResult> GetAsync(string fullName, HttpContext context, IRegistryStore registry)
    {
        var name = ModelName.Parse(fullName);
        var model = await registry.GetModelAsync(name, context.RequestAborted)
            ?? throw ServingException.NotFound($"Registered model '{name}' does not exist.");
        return Results.Json(model.ToInfo(), RegistryJsonContext.Default.RegisteredModelInfo);
    }

    private static async Task<IResult> UpdateAsync(string fullName, HttpContext context, IRegistryStore registry, TimeProvider time)
    {
        var name = ModelName.Parse(fullName);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var newName = RequestFields.OptionalString(body, "new_name") switch
        {
            null => (ModelName?)null,
            var text when text.Contains('.', StringComparison.Ordinal) => ModelName.Parse(text, "new_name"),
            var text => name with { Name = ModelName.ValidatePart(text, "new_name") },
        };
        var comment = RequestFields.OptionalString(body, "comment");
        var owner = RequestFields.OptionalString(body, "owner");
        if (owner is { Length: 0 })
        {
            throw ServingException.Invalid("owner must not be empty.");
        }

        var model = await registry.UpdateModelAsync(name, newName, comment, owner, Caller.NameOf(context), Now(time), context.RequestAborted);
        return Results.Json(model.ToInfo(), RegistryJsonContext.Default.RegisteredModelInfo);
    }

    private static async Task<IResult> DeleteAsync(string fullName, HttpContext context, IRegistryStore registry, ModelStore store)
    {
        var name = ModelName.Parse(fullName);

        // The registry forgets first: a folder left by a failed delete is an orphan start-up removes,
        // whereas a version whose folder went first would be a broken record.
        foreach (var location in await registry.DeleteModelAsync(name, context.RequestAborted))
        {
            store.Delete(location);
        }

        return Results.Json(new EmptyAnswer(), RegistryJsonContext.Default.EmptyAnswer);
    }

    private static string? OptionalPart(string value, string field) =>
        value.Length == 0 ? null : ModelName.ValidatePart(value, field);

    internal static long Now(TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();
}
