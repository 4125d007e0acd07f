using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Switchyard.Providers.VertexAi;

/// <summary>
/// The signed JWT a service account presents to Google's token endpoint (the OAuth 2.0 JWT
/// bearer grant): RS256 over <c>{iss, scope, aud = token_uri, iat, exp}</c>, valid one hour.
/// </summary>
public static class JwtAssertion
{
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public static string Create(ServiceAccountKey key, DateTimeOffset now)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" };
        if (key.PrivateKeyId is { } kid)
        {
            header["kid"] = kid;
        }

        var issued = now.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = key.ClientEmail,
            ["scope"] = CloudPlatformScope,
            ["aud"] = key.TokenUri,
            ["iat"] = issued,
            ["exp"] = issued + (long)Lifetime.TotalSeconds,
        };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(key.PrivateKeyPem);
        }
        catch (ArgumentException)
        {
            throw Core.Errors.ServingException.Invalid("google_cloud_vertex_ai_config.private_key has a private_key that is not an RSA key in PEM form.");
        }

        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    public static string Base64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
