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

    /// <summary>Bytes of the stored SHA-256 of the secret.</summary>
    public const int HashLength = 32;

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
        var hash = new byte[HashLength];
        if (!TrySplit(token, out var id, hash))
        {
            tokenId = "";
            secretHash = [];
            return false;
        }

        tokenId = new string(id);
        secretHash = hash;
        return true;
    }

    /// <summary>
    /// The allocation-free form of <see cref="TryParse"/> for the request path: the id is a slice
    /// of <paramref name="token"/>, the secret's hash goes into <paramref name="secretHash"/>.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<char> token, out ReadOnlySpan<char> tokenId, Span<byte> secretHash)
    {
        tokenId = default;
        if (token.Length != Length || !token.StartsWith(Prefix, StringComparison.Ordinal)
            || !IsLowerHex(token[Prefix.Length..]) || secretHash.Length != HashLength)
        {
            return false;
        }

        tokenId = token.Slice(Prefix.Length, IdLength);
        Span<byte> secret = stackalloc byte[SecretLength / 2];
        Convert.FromHexString(token[(Prefix.Length + IdLength)..], secret, out _, out _);
        SHA256.HashData(secret, secretHash);
        secret.Clear();
        return true;
    }

    public static bool IsTokenId(string text) => text.Length == IdLength && IsLowerHex(text);

    private static bool IsLowerHex(ReadOnlySpan<char> text) =>
        text.IndexOfAnyExcept(LowerHex) < 0;
}
