using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Core.Gateway;

/// <summary>
/// The id usage rows and inference-table rows name a served entity by: one per endpoint, served
/// name and config version, so rows of two versions of an arm are told apart and joined to the
/// <see cref="ServedEntityRecord"/> that says what each was. Derived, not stored: the same inputs
/// give the same id on every start (32 hex digits of a SHA-256).
/// </summary>
public static class ServedEntityId
{
    public static string Of(string endpointName, string servedName, long configVersion)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{endpointName}\n{servedName}\n{configVersion}"), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
