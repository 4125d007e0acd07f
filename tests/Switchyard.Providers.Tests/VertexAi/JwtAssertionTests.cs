using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Providers.VertexAi;

namespace Switchyard.Providers.Tests.VertexAi;

public sealed class JwtAssertionTests
{
    [Fact]
    public void Create_SignedWithTheServiceAccountKey_VerifiesWithItsPublicKeyAndCarriesTheClaims()
    {
        using var rsa = RSA.Create(2048);
        var key = new ServiceAccountKey("robot@proj.iam.gserviceaccount.com", rsa.ExportPkcs8PrivateKeyPem(), "https://oauth2.googleapis.com/token", "kid-1");
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var parts = JwtAssertion.Create(key, now).Split('.');

        Assert.Equal(3, parts.Length);
        Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var header = JsonNode.Parse(FromBase64Url(parts[0]))!;
        var claims = JsonNode.Parse(FromBase64Url(parts[1]))!;
        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        Assert.Equal("kid-1", header["kid"]!.GetValue<string>());
        Assert.Equal("robot@proj.iam.gserviceaccount.com", claims["iss"]!.GetValue<string>());
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform", claims["scope"]!.GetValue<string>());
        Assert.Equal("https://oauth2.googleapis.com/token", claims["aud"]!.GetValue<string>());
        Assert.Equal(now.ToUnixTimeSeconds(), claims["iat"]!.GetValue<long>());
        Assert.Equal(now.ToUnixTimeSeconds() + 3600, claims["exp"]!.GetValue<long>());
    }

    [Fact]
    public void Create_WithAnotherKeysPublicHalf_DoesNotVerify()
    {
        using var rsa = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var key = new ServiceAccountKey("robot@proj", rsa.ExportPkcs8PrivateKeyPem(), "https://t", null);

        var parts = JwtAssertion.Create(key, DateTimeOffset.UnixEpoch).Split('.');

        Assert.False(other.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Parse_KeyWithoutClientEmail_NamesTheFieldNotTheKey()
    {
        var error = Assert.Throws<ServingException>(() => ServiceAccountKey.Parse("{\"private_key\":\"SECRET-PEM\"}"));

        Assert.Contains("client_email", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-PEM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoTokenUri_UsesGooglesDefault() =>
        Assert.Equal(ServiceAccountKey.DefaultTokenUri, ServiceAccountKey.Parse("{\"client_email\":\"a@b\",\"private_key\":\"k\"}").TokenUri);

    internal static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
