using Switchyard.Core.Errors;
using Switchyard.Core.Registry;
using Switchyard.Server.Registry.Wire;

namespace Switchyard.Server.Registry;

/// <summary>Aliases (<c>champion</c>, <c>challenger</c>…) pointing at one version of a model each.</summary>
internal static class ModelAliasRoutes
{
    public static void Map(RouteGroupBuilder models)
    {
        models.MapPut("/{fullName}/aliases/{alias}", SetAsync);
        models.MapGet("/{fullName}/aliases/{alias}", GetAsync);
        models.MapDelete("/{fullName}/aliases/{alias}", DeleteAsync);
    }

    private static async Task<IResult> SetAsync(string fullName, string alias, HttpContext context, IRegistryStore registry)
    {
        var name = ModelName.Parse(fullName);
        RequestFields.ValidateAlias(alias);
        var body = await Http.JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var version = RequestFields.RequiredVersion(body, "version_num");
        var set = await registry.SetAliasAsync(name, alias, version, context.RequestAborted);
        return Results.Json(
            new RegisteredModelAlias(set.AliasName, set.VersionNum, name.Catalog, name.Schema, name.Name),
            RegistryJsonContext.Default.RegisteredModelAlias);
    }

    private static async Task<IResult> GetAsync(string fullName, string alias, HttpContext context, IRegistryStore registry, ModelStore store)
    {
        var name = ModelName.Parse(fullName);
        var version = await registry.GetVersionByAliasAsync(name, alias, context.RequestAborted);
        if (version is null)
        {
            throw await registry.GetModelAsync(name, context.RequestAborted) is null
                ? ServingException.NotFound($"Registered model '{name}' does not exist.")
                : ServingException.NotFound($"Alias '{alias}' of registered model '{name}' does not exist.");
        }

        return Results.Json(version.ToInfo(store), RegistryJsonContext.Default.ModelVersionInfo);
    }

    private static async Task<IResult> DeleteAsync(string fullName, string alias, HttpContext context, IRegistryStore registry)
    {
        var name = ModelName.Parse(fullName);
        await registry.DeleteAliasAsync(name, alias, context.RequestAborted);
        return Results.Json(new EmptyAnswer(), RegistryJsonContext.Default.EmptyAnswer);
    }
}
