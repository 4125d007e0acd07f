using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Core.Experiments;

/// <summary>
/// What the usage log keeps of a sticky unit key: the first 16 bytes of SHA-256 of its UTF-8 bytes,
/// in lower-case hex. The readout only counts and groups units, so the key itself (often a user id
/// or an e-mail) is never stored; a hash is a pseudonym, not an anonymisation (a guessed key can be
/// hashed and compared).
/// </summary>
public static class UnitKeyHash
{
    public static string? Of(string? unitKey)
    {
        if (unitKey is null)
        {
            return null;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(unitKey), digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
