using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Server.Http;

namespace Switchyard.Server.Identity;

/// <summary>
/// <c>/api/2.0/token-management/…</c>, for admins only: every token's info, deleting any token,
/// and minting a token on behalf of a service principal (<c>application_id</c>) or, as this
/// server's extension, of a user (<c>user_name</c>).
/// </summary>
internal static class TokenManagementRoutes
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var management = routes.MapGroup("/api/2.0/token-management");
        management.MapPost("/on-behalf-of/tokens", CreateOnBehalfOfAsync);
        management.MapGet("/tokens", ListAsync);
        management.MapGet("/tokens/{tokenId}", GetAsync);
        management.MapDelete("/tokens/{tokenId}", DeleteAsync);
    }

    private static async Task<IResult> CreateOnBehalfOfAsync(HttpContext context, IIdentityStore store, TokenIssuer issuer)
    {
        var caller = Caller.RequireAdmin(context, "create tokens on behalf of others");
        var ct = context.RequestAborted;
        var body = await JsonBody.ReadObjectAsync(context.Request, ct);
        var applicationId = JsonBody.OptionalString(body, "application_id");
        var userName = JsonBody.OptionalString(body, "user_name");
        var owner = (applicationId, userName) switch
        {
            ({ Length: > 0 }, null) => await store.FindPrincipalAsync(PrincipalKind.ServicePrincipal, applicationId, ct)
                ?? throw ServingException.NotFound($"Service principal with application id {applicationId} does not exist."),
            (null, { Length: > 0 }) => await store.FindPrincipalAsync(PrincipalKind.User, userName, ct)
                ?? throw ServingException.NotFound($"User {userName} does not exist."),
            _ => throw ServingException.Invalid("Give exactly one of application_id (a service principal) or user_name (a user)."),
        };
        var (value, token) = await issuer.IssueAsync(owner.Id, caller.PrincipalId,
            IdentityJson.OptionalInt64(body, "lifetime_seconds"), JsonBody.OptionalString(body, "comment"), ct);
        var view = await IdentityView.LoadAsync(store, ct);
        return IdentityJson.Answer(TokenAnswers.Created(value, TokenAnswers.AdminInfo(token, view)));
    }

    private static async Task<IResult> ListAsync(HttpContext context, IIdentityStore store)
    {
        Caller.RequireAdmin(context, "list all tokens");
        var ct = context.RequestAborted;
        var query = context.Request.Query;
        var createdById = query["created_by_id"].ToString();
        var createdByName = query["created_by_username"].ToString();
        var view = await IdentityView.LoadAsync(store, ct);
        var infos = new JsonArray();
        foreach (var token in await store.ListTokensAsync(null, ct))
        {
            if ((createdById.Length == 0 || token.CreatedById == createdById)
                && (createdByName.Length == 0 || view.Principal(token.CreatedById)?.Name == createdByName))
            {
                infos.Add(TokenAnswers.AdminInfo(token, view));
            }
        }

        return IdentityJson.Answer(TokenAnswers.InfoList(infos));
    }

    private static async Task<IResult> GetAsync(string tokenId, HttpContext context, IIdentityStore store)
    {
        Caller.RequireAdmin(context, "read other principals' tokens");
        var token = await store.GetTokenAsync(tokenId, context.RequestAborted) ?? throw Missing(tokenId);
        var view = await IdentityView.LoadAsync(store, context.RequestAborted);
        return IdentityJson.Answer(new JsonObject { ["token_info"] = TokenAnswers.AdminInfo(token, view) });
    }

    private static async Task<IResult> DeleteAsync(string tokenId, HttpContext context, IIdentityStore store)
    {
        Caller.RequireAdmin(context, "delete other principals' tokens");
        return await store.DeleteTokenAsync(tokenId, context.RequestAborted) ? IdentityJson.Empty() : throw Missing(tokenId);
    }

    private static ServingException Missing(string tokenId) => ServingException.NotFound($"Token with id {tokenId} does not exist.");
}
