using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Switchyard.Core.Errors;
using Switchyard.Core.Registry;
using Switchyard.Server.Http;
using Switchyard.Server.Registry.Wire;

namespace Switchyard.Server.Registry;

/// <summary>
/// A model's versions. Creating one (POST) is our extension: the body is a tar.gz of an MLflow
/// model directory (an optional <c>?comment=</c> goes with it), or JSON <c>{"source", "comment"?}</c>
/// naming a folder the server can read (for non-admins, one under <c>--model-source-roots</c>).
/// Adding a version needs ownership of the model and, as in Unity Catalog, USE_CATALOG and
/// USE_SCHEMA on its catalog and schema.
/// </summary>
internal static class ModelVersionRoutes
{
    private static readonly string[] ArchiveTypes = ["application/gzip", "application/x-gzip", "application/x-tar+gzip", "application/octet-stream"];

    public static void Map(RouteGroupBuilder models)
    {
        models.MapPost("/{fullName}/versions", CreateAsync);
        models.MapGet("/{fullName}/versions", ListAsync);
        models.MapGet("/{fullName}/versions/{version}", GetAsync);
        models.MapPatch("/{fullName}/versions/{version}", UpdateAsync);
        models.MapDelete("/{fullName}/versions/{version}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(
        string fullName, HttpContext context, ModelVersionIntake intake, ModelStore store, ModelAccess access, CatalogAccess catalogs, ModelSourceRoots roots)
    {
        var name = ModelName.Parse(fullName);
        var caller = Caller.Of(context);
        await access.RequireChangeAsync(name, caller, context.RequestAborted);
        await catalogs.RequireUseAsync(name, caller, context.RequestAborted);
        var request = context.Request;
        var principal = caller.Name;
        ModelVersion version;
        if (IsArchive(request.ContentType))
        {
            // Models outgrow Kestrel's 30 MB default; the intake enforces its own limit on the unpacked size.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = intake.MaxArtifactBytes;
            }

            var comment = request.Query["comment"].ToString() is { Length: > 0 } text ? text : null;
            version = await intake.FromArchiveAsync(name, request.Body, comment, principal, context.RequestAborted);
        }
        else
        {
            // Anything else is read as JSON, as curl -d sends it form-encoded by default.
            var body = await JsonBody.ReadObjectAsync(request, context.RequestAborted);
            var source = RequestFields.RequiredString(body, "source");
            var path = ArtifactFolderCopy.PathOf(source);
            roots.RequireAllowed(path, caller);
            version = await intake.FromSourceAsync(name, source, path, JsonBody.OptionalString(body, "comment"), principal, context.RequestAborted);
        }

        return Results.Json(version.ToInfo(store), RegistryJsonContext.Default.ModelVersionInfo);
    }

    private static bool IsArchive(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Value is { } mediaType
        && ArchiveTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);

    private static async Task<IResult> ListAsync(string fullName, HttpContext context, IRegistryStore registry, ModelStore store, ModelAccess access)
    {
        var name = ModelName.Parse(fullName);
        await access.RequireReadAsync(name, Caller.Of(context), context.RequestAborted);
        var paging = RegistryPaging.From(context.Request);
        var versions = await registry.ListVersionsAsync(name, context.RequestAborted);
        var (page, next) = paging.Apply(versions, static version => version.Version.ToString(CultureInfo.InvariantCulture), RegistryPaging.CompareNumbers);
        var infos = page.ConvertAll(version => version.ToInfo(store));
        return Results.Json(new ModelVersionList(infos, next), RegistryJsonContext.Default.ModelVersionList);
    }

    private static async Task<IResult> GetAsync(string fullName, string version, HttpContext context, IRegistryStore registry, ModelStore store, ModelAccess access)
    {
        var name = ModelName.Parse(fullName);
        await access.RequireReadAsync(name, Caller.Of(context), context.RequestAborted);
        var number = RequestFields.ParseVersion(version);
        var found = await registry.GetVersionAsync(name, number, context.RequestAborted) ?? throw await NotFoundAsync(registry, name, number, context.RequestAborted);
        return Results.Json(found.ToInfo(store), RegistryJsonContext.Default.ModelVersionInfo);
    }

    private static async Task<IResult> UpdateAsync(string fullName, string version, HttpContext context, IRegistryStore registry, ModelStore store, TimeProvider time, ModelAccess access)
    {
        var name = ModelName.Parse(fullName);
        await access.RequireChangeAsync(name, Caller.Of(context), context.RequestAborted);
        var number = RequestFields.ParseVersion(version);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var comment = JsonBody.OptionalString(body, "comment");
        var updated = await registry.UpdateVersionAsync(name, number, comment, Caller.NameOf(context), RegisteredModelRoutes.Now(time), context.RequestAborted);
        return Results.Json(updated.ToInfo(store), RegistryJsonContext.Default.ModelVersionInfo);
    }

    private static async Task<IResult> DeleteAsync(string fullName, string version, HttpContext context, IRegistryStore registry, ModelStore store, ModelAccess access)
    {
        var name = ModelName.Parse(fullName);
        await access.RequireChangeAsync(name, Caller.Of(context), context.RequestAborted);
        var number = RequestFields.ParseVersion(version);
        store.Delete(await registry.DeleteVersionAsync(name, number, context.RequestAborted));
        return Results.Json(new EmptyAnswer(), RegistryJsonContext.Default.EmptyAnswer);
    }

    /// <summary>Says which is missing, the model or only the version.</summary>
    internal static async Task<ServingException> NotFoundAsync(IRegistryStore registry, ModelName name, int version, CancellationToken ct) =>
        await registry.GetModelAsync(name, ct) is null
            ? ServingException.NotFound($"Registered model '{name}' does not exist.")
            : ServingException.NotFound($"Version {version} of registered model '{name}' does not exist.");
}
