using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Core.Secrets;

/// <summary>
/// Seals and opens secret values with AES-256-GCM. Every value gets a fresh random nonce, and the
/// scope and key are bound in as associated data, so a ciphertext copied onto another row fails
/// to open instead of answering for the wrong secret.
/// </summary>
public sealed class SecretCipher : IDisposable
{
    public const int KeySize = 32;

    // One AesGcm instance reuses one native cipher context, which is not safe to share between
    // threads; values are small and rare, so calls simply take turns.
    private readonly Lock _gate = new();
    private readonly AesGcm _aes;

    public SecretCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The secrets key must be {KeySize} bytes; it is {key.Length}.", nameof(key));
        }

        _aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize);
    }

    public SealedSecret Seal(string scope, string key, ReadOnlySpan<byte> plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        lock (_gate)
        {
            _aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(scope, key));
        }

        return new SealedSecret(ciphertext, nonce, tag);
    }

    /// <summary>The plaintext, or null when the value does not open (another key, or a row moved or altered).</summary>
    public byte[]? TryOpen(string scope, string key, SealedSecret sealedValue)
    {
        if (sealedValue.Nonce.Length != AesGcm.NonceByteSizes.MaxSize || sealedValue.Tag.Length != AesGcm.TagByteSizes.MaxSize)
        {
            return null;
        }

        var plaintext = new byte[sealedValue.Ciphertext.Length];
        try
        {
            lock (_gate)
            {
                _aes.Decrypt(sealedValue.Nonce, sealedValue.Ciphertext, sealedValue.Tag, plaintext, AssociatedData(scope, key));
            }

            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _aes.Dispose();
        }
    }

    // '/' is in neither name's alphabet, so "scope/key" names exactly one pair.
    private static byte[] AssociatedData(string scope, string key) => Encoding.UTF8.GetBytes($"{scope}/{key}");
}
