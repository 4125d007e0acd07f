using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Server.Http;

namespace Switchyard.Server.Identity;

/// <summary><c>/api/2.0/token/create|list|delete</c>: every caller manages its own tokens, and only those.</summary>
internal static class TokenRoutes
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var tokens = routes.MapGroup("/api/2.0/token");
        tokens.MapPost("/create", CreateAsync);
        tokens.MapGet("/list", ListAsync);
        tokens.MapPost("/delete", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, TokenIssuer issuer)
    {
        var caller = Caller.Of(context);
        var body = await IdentityJson.ReadOptionalObjectAsync(context.Request, context.RequestAborted);
        var (value, token) = await issuer.IssueAsync(caller.PrincipalId, caller.PrincipalId,
            IdentityJson.OptionalInt64(body, "lifetime_seconds"), JsonBody.OptionalString(body, "comment"), context.RequestAborted);
        return IdentityJson.Answer(TokenAnswers.Created(value, TokenAnswers.PublicInfo(token)));
    }

    private static async Task<IResult> ListAsync(HttpContext context, IIdentityStore store)
    {
        var infos = new JsonArray();
        foreach (var token in await store.ListTokensAsync(Caller.Of(context).PrincipalId, context.RequestAborted))
        {
            infos.Add(TokenAnswers.PublicInfo(token));
        }

        return IdentityJson.Answer(TokenAnswers.InfoList(infos));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, IIdentityStore store)
    {
        var ct = context.RequestAborted;
        var body = await JsonBody.ReadObjectAsync(context.Request, ct);
        var tokenId = JsonBody.OptionalString(body, "token_id") is { Length: > 0 } id ? id : throw ServingException.Invalid("token_id is required.");

        // Someone else's token reads as missing: its existence is not the caller's business.
        var token = await store.GetTokenAsync(tokenId, ct);
        if (token is null || token.PrincipalId != Caller.Of(context).PrincipalId)
        {
            throw ServingException.NotFound($"Token with id {tokenId} does not exist.");
        }

        await store.DeleteTokenAsync(tokenId, ct);
        return IdentityJson.Empty();
    }
}
