using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchyard.Core.Secrets;
using Switchyard.Server.Hosting;
using Switchyard.Server.Http;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Secrets;

/// <summary>
/// The Databricks secrets API, <c>/api/2.0/secrets/…</c>: scopes, secrets and ACLs. There is no
/// <c>/secrets/get</c>: values are read only inside the server, through <see cref="ISecretResolver"/>.
/// </summary>
public static class SecretRoutes
{
    public static IServiceCollection AddSecrets(this IServiceCollection services)
    {
        services.TryAddSingleton<ISecretStore>(static sp => new SqlSecretStore(sp.GetRequiredService<SqlDatabase>()));
        // Made on first use, so a server that never touches a secret writes no key file.
        services.TryAddSingleton(static sp => SecretKeyFile.OpenCipher(
            sp.GetRequiredService<IOptions<ServingOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecretKeyFile).FullName!)));
        services.TryAddSingleton(static sp => new ProviderKeySealer(sp.GetRequiredService<SecretCipher>));
        services.TryAddSingleton<SecretService>();
        services.TryAddSingleton<ISecretResolver, SecretResolver>();
        return services;
    }

    public static IEndpointRouteBuilder MapSecrets(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/2.0/secrets");
        group.MapPost("/scopes/create", CreateScopeAsync);
        group.MapGet("/scopes/list", ListScopesAsync);
        group.MapPost("/scopes/delete", DeleteScopeAsync);
        group.MapPost("/put", PutSecretAsync);
        group.MapGet("/list", ListSecretsAsync);
        group.MapPost("/delete", DeleteSecretAsync);
        group.MapPost("/acls/put", PutAclAsync);
        group.MapGet("/acls/get", GetAclAsync);
        group.MapGet("/acls/list", ListAclAsync);
        group.MapPost("/acls/delete", DeleteAclAsync);
        return routes;
    }

    private static async Task<IResult> CreateScopeAsync(HttpContext context, SecretService service)
    {
        var body = await SecretRequest.ReadBodyAsync(context.Request, context.RequestAborted);
        await service.CreateScopeAsync(
            SecretRequest.Scope(JsonBody.OptionalString(body, "scope")),
            JsonBody.OptionalString(body, "initial_manage_principal") is { } principal ? SecretRequest.Principal(principal) : null,
            JsonBody.OptionalString(body, "scope_backend_type"),
            Caller.Of(context),
            context.RequestAborted);
        return Empty();
    }

    private static async Task<IResult> ListScopesAsync(HttpContext context, SecretService service)
    {
        var scopes = new JsonArray();
        foreach (var scope in await service.ListScopesAsync(Caller.Of(context), context.RequestAborted))
        {
            scopes.Add(new JsonObject { ["name"] = scope.Name, ["backend_type"] = SecretService.BackendType });
        }

        return Json(List("scopes", scopes));
    }

    private static async Task<IResult> DeleteScopeAsync(HttpContext context, SecretService service)
    {
        var body = await SecretRequest.ReadBodyAsync(context.Request, context.RequestAborted);
        await service.DeleteScopeAsync(SecretRequest.Scope(JsonBody.OptionalString(body, "scope")), Caller.Of(context), context.RequestAborted);
        return Empty();
    }

    private static async Task<IResult> PutSecretAsync(HttpContext context, SecretService service)
    {
        var body = await SecretRequest.ReadBodyAsync(context.Request, context.RequestAborted);
        var scope = SecretRequest.Scope(JsonBody.OptionalString(body, "scope"));
        var key = SecretRequest.Key(JsonBody.OptionalString(body, "key"));
        await service.PutSecretAsync(scope, key, SecretRequest.Value(body), Caller.Of(context), context.RequestAborted);
        return Empty();
    }

    private static async Task<IResult> ListSecretsAsync(HttpContext context, SecretService service, string? scope)
    {
        var secrets = new JsonArray();
        foreach (var secret in await service.ListSecretsAsync(SecretRequest.Scope(scope), Caller.Of(context), context.RequestAborted))
        {
            secrets.Add(new JsonObject { ["key"] = secret.Key, ["last_updated_timestamp"] = secret.LastUpdatedTimestamp });
        }

        return Json(List("secrets", secrets));
    }

    private static async Task<IResult> DeleteSecretAsync(HttpContext context, SecretService service)
    {
        var body = await SecretRequest.ReadBodyAsync(context.Request, context.RequestAborted);
        var scope = SecretRequest.Scope(JsonBody.OptionalString(body, "scope"));
        var key = SecretRequest.Key(JsonBody.OptionalString(body, "key"));
        await service.DeleteSecretAsync(scope, key, Caller.Of(context), context.RequestAborted);
        return Empty();
    }

    private static async Task<IResult> PutAclAsync(HttpContext context, SecretService service)
    {
        var body = await SecretRequest.ReadBodyAsync(context.Request, context.RequestAborted);
        var scope = SecretRequest.Scope(JsonBody.OptionalString(body, "scope"));
        var entry = new SecretAclEntry(
            SecretRequest.Principal(JsonBody.OptionalString(body, "principal")),
            SecretRequest.Permission(JsonBody.OptionalString(body, "permission")));
        await service.PutAclAsync(scope, entry, Caller.Of(context), context.RequestAborted);
        return Empty();
    }

    private static async Task<IResult> GetAclAsync(HttpContext context, SecretService service, string? scope, string? principal)
    {
        var entry = await service.GetAclAsync(SecretRequest.Scope(scope), SecretRequest.Principal(principal), Caller.Of(context), context.RequestAborted);
        return Json(Acl(entry));
    }

    private static async Task<IResult> ListAclAsync(HttpContext context, SecretService service, string? scope)
    {
        var items = new JsonArray();
        foreach (var entry in await service.ListAclAsync(SecretRequest.Scope(scope), Caller.Of(context), context.RequestAborted))
        {
            items.Add(Acl(entry));
        }

        return Json(List("items", items));
    }

    private static async Task<IResult> DeleteAclAsync(HttpContext context, SecretService service)
    {
        var body = await SecretRequest.ReadBodyAsync(context.Request, context.RequestAborted);
        var scope = SecretRequest.Scope(JsonBody.OptionalString(body, "scope"));
        await service.DeleteAclAsync(scope, SecretRequest.Principal(JsonBody.OptionalString(body, "principal")), Caller.Of(context), context.RequestAborted);
        return Empty();
    }

    private static JsonObject Acl(SecretAclEntry entry) => new() { ["principal"] = entry.Principal, ["permission"] = entry.Permission.ToWire() };

    // Databricks leaves an empty list out of the answer rather than writing [].
    private static JsonObject List(string field, JsonArray items) => items.Count == 0 ? [] : new JsonObject { [field] = items };

    private static IResult Empty() => Json([]);

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");
}
