using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Core.Identity;

namespace Switchyard.Server.Identity;

/// <summary>
/// The Databricks token shapes: <c>PublicTokenInfo</c> for a caller's own tokens and the admin's
/// <c>TokenInfo</c> with owner and creator. <c>expiry_time</c> is -1 for a token that never expires.
/// </summary>
internal static class TokenAnswers
{
    public static JsonObject PublicInfo(ApiToken token) => new()
    {
        ["token_id"] = token.TokenId,
        ["creation_time"] = token.CreationTime,
        ["expiry_time"] = token.ExpiryTime ?? -1,
        ["comment"] = token.Comment ?? "",
    };

    public static JsonObject AdminInfo(ApiToken token, IdentityView view)
    {
        var info = PublicInfo(token);
        info["owner_id"] = Number(token.PrincipalId);
        info["created_by_id"] = Number(token.CreatedById);
        info["created_by_username"] = view.Principal(token.CreatedById)?.Name;
        return info;
    }

    /// <summary>A freshly minted token: its value (shown this once) and its info.</summary>
    public static JsonObject Created(string value, JsonObject info) => new()
    {
        ["token_value"] = value,
        ["token_info"] = info,
    };

    public static JsonObject InfoList(JsonArray infos) => new() { ["token_infos"] = infos };

    // Principal ids are decimal int64s; the SDKs read owner_id and created_by_id as numbers.
    private static JsonNode? Number(string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(id);
}
