using System.Security.Cryptography;

namespace Switchyard.Core.Identity;

/// <summary>
/// The personal access token format: <c>dapi</c>, a 16-hex-digit token id, then a 32-hex-digit
/// secret, all lower case. The id finds the stored row; only the secret's SHA-256 is stored.
/// </summary>
public static class TokenFormat
{
    public const string Prefix = "dapi";
    public const int IdLength = 16;
    public const int SecretLength = 32;
    public const int Length = 4 + IdLength + SecretLength;

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>A fresh token from the system's cryptographic random source.</summary>
    public static (string Value, string TokenId, byte[] SecretHash) Generate()
    {
        Span<byte> random = stackalloc byte[(IdLength + SecretLength) / 2];
        RandomNumberGenerator.Fill(random);
        var value = Prefix + Convert.ToHexStringLower(random);
        random.Clear();
        var parsed = TryParse(value, out var tokenId, out var secretHash);
        System.Diagnostics.Debug.Assert(parsed);
        return (value, tokenId, secretHash);
    }

    /// <summary>Splits a token into its id and the hash of its secret; false when it is not of the format.</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out string tokenId, out byte[] secretHash)
    {
        tokenId = "";
        secretHash = [];
        if (token.Length != Length || !token.StartsWith(Prefix, StringComparison.Ordinal)
            || !IsLowerHex(token[Prefix.Length..]))
        {
            return false;
        }

        tokenId = new string(token.Slice(Prefix.Length, IdLength));
        secretHash = HashSecret(token[(Prefix.Length + IdLength)..]);
        return true;
    }

    public static bool IsTokenId(string text) => text.Length == IdLength && IsLowerHex(text);

    private static byte[] HashSecret(ReadOnlySpan<char> secretHex)
    {
        Span<byte> secret = stackalloc byte[SecretLength / 2];
        Convert.FromHexString(secretHex, secret, out _, out _);
        var hash = SHA256.HashData(secret);
        secret.Clear();
        return hash;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text) =>
        text.IndexOfAnyExcept(LowerHex) < 0;
}
