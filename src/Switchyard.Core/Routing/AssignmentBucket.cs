using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Core.Routing;

/// <summary>
/// The sticky assignment's hash: <c>bucket = H(salt ‖ unit_key) mod 10000</c>, where H is the
/// first 8 bytes of SHA-256 over the UTF-8 bytes of <c>salt + unit_key</c>, read as a big-endian
/// unsigned 64-bit integer. Any language with SHA-256 reproduces it; docs/experiments.md lists
/// test vectors.
/// </summary>
public static class AssignmentBucket
{
    /// <summary>Buckets in all: a route's share is counted in basis points of this.</summary>
    public const int Count = 10_000;

    private const int StackLimit = 512;

    public static int Of(string salt, string unitKey)
    {
        var length = Encoding.UTF8.GetMaxByteCount(salt.Length + unitKey.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(salt, buffer);
            written += Encoding.UTF8.GetBytes(unitKey, buffer[written..]);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..written], digest);
            return (int)(BinaryPrimitives.ReadUInt64BigEndian(digest) % Count);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
