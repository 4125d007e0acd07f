using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Core.Secrets;

/// <summary>
/// Keeps the literal provider keys of external models (<c>openai_api_key_plaintext</c> and every
/// other <c>*_plaintext</c> field) sealed wherever a config rests. A key is sealed with the
/// secrets' cipher the moment a config is read, so the stored document holds
/// <c>{"sealed": "…"}</c> in its place, and it is opened only when the entity loads. The field's
/// name is bound in as associated data: a sealed value moved to another field does not open.
/// The cipher is asked for on first use, so a server that never sees a literal key makes no key file.
/// </summary>
public sealed class ProviderKeySealer(Func<SecretCipher> cipherSource)
{
    private readonly Lazy<SecretCipher> _cipher = new(cipherSource);

    public const string PlaintextSuffix = "_plaintext";

    private const string SealedProperty = "sealed";

    // Not a valid secret scope name, so no secret's ciphertext opens as a provider key.
    private const string Scope = "<provider-key>";

    public static bool IsPlaintextField(string field) => field.EndsWith(PlaintextSuffix, StringComparison.Ordinal);

    /// <summary>True for a value this sealer wrote (the stored form of a literal key).</summary>
    public static bool IsSealed(JsonNode? node) =>
        node is JsonObject { Count: 1 } sealedValue && sealedValue[SealedProperty]?.GetValueKind() == JsonValueKind.String;

    /// <summary>
    /// Seals every <c>*_plaintext</c> string of <paramref name="block"/> and its nested blocks in
    /// place. A literal key must be a string; anything else is a problem naming its path.
    /// </summary>
    public void SealAll(JsonObject block, string path, List<string> problems) => SealStrings(block, path, problems);

    /// <summary>
    /// Seals the literal keys a stored block still holds as strings (a config kept before keys
    /// were sealed), leaving sealed ones as they are; answers whether there were any.
    /// </summary>
    public bool SealLiterals(JsonObject block) => SealStrings(block, "", problems: null);

    /// <summary>
    /// The one walk both share: seals each <c>*_plaintext</c> string; any other value there is a
    /// problem when <paramref name="problems"/> is given (a request), else left alone (a stored,
    /// already sealed key).
    /// </summary>
    private bool SealStrings(JsonObject block, string path, List<string>? problems)
    {
        var changed = false;
        foreach (var (field, value) in block.ToList())
        {
            if (value is JsonObject inner && !IsPlaintextField(field))
            {
                changed |= SealStrings(inner, $"{path}.{field}", problems);
            }
            else if (IsPlaintextField(field) && value is not null)
            {
                if (value.GetValueKind() == JsonValueKind.String)
                {
                    block[field] = Seal(field, value.GetValue<string>());
                    changed = true;
                }
                else
                {
                    problems?.Add($"{path}.{field} must be a string.");
                }
            }
        }

        return changed;
    }

    /// <summary>
    /// Brings the sealed keys of <paramref name="previous"/> into <paramref name="block"/> where the
    /// update names neither the key nor its secret reference, so a config can be edited without
    /// retyping its keys.
    /// </summary>
    public static void CarryOver(JsonObject previous, JsonObject block)
    {
        foreach (var (field, value) in previous)
        {
            if (value is JsonObject inner && !IsPlaintextField(field))
            {
                if (block[field] is JsonObject next)
                {
                    CarryOver(inner, next);
                }
            }
            else if (IsPlaintextField(field) && IsSealed(value)
                     && block[field] is null && block[field[..^PlaintextSuffix.Length]] is null)
            {
                block[field] = value!.DeepClone();
            }
        }
    }

    /// <summary>A copy of <paramref name="node"/> without any <c>*_plaintext</c> field: how keys are shown (absent).</summary>
    public static JsonNode? WithoutKeys(JsonNode? node)
    {
        var copy = node?.DeepClone();
        if (copy is JsonObject root)
        {
            Strip(root);
        }

        return copy;
    }

    /// <summary>The key a sealed value holds, or null when it does not open (another cipher key, or moved or altered).</summary>
    public string? TryOpen(string field, JsonNode? node)
    {
        if (!IsSealed(node))
        {
            return null;
        }

        byte[] packed;
        try
        {
            packed = Convert.FromBase64String(node![SealedProperty]!.GetValue<string>());
        }
        catch (FormatException)
        {
            return null;
        }

        // SecretCipher seals with AES-GCM's largest nonce and tag.
        var nonceSize = System.Security.Cryptography.AesGcm.NonceByteSizes.MaxSize;
        var tagSize = System.Security.Cryptography.AesGcm.TagByteSizes.MaxSize;
        if (packed.Length < nonceSize + tagSize)
        {
            return null;
        }

        var sealedSecret = new SealedSecret(packed[(nonceSize + tagSize)..], packed[..nonceSize], packed[nonceSize..(nonceSize + tagSize)]);
        return _cipher.Value.TryOpen(Scope, field, sealedSecret) is { } plaintext ? System.Text.Encoding.UTF8.GetString(plaintext) : null;
    }

    private JsonObject Seal(string field, string plaintext)
    {
        var sealedSecret = _cipher.Value.Seal(Scope, field, System.Text.Encoding.UTF8.GetBytes(plaintext));
        var packed = new byte[sealedSecret.Nonce.Length + sealedSecret.Tag.Length + sealedSecret.Ciphertext.Length];
        sealedSecret.Nonce.CopyTo(packed, 0);
        sealedSecret.Tag.CopyTo(packed, sealedSecret.Nonce.Length);
        sealedSecret.Ciphertext.CopyTo(packed, sealedSecret.Nonce.Length + sealedSecret.Tag.Length);
        return new JsonObject { [SealedProperty] = Convert.ToBase64String(packed) };
    }

    private static void Strip(JsonObject node)
    {
        foreach (var (field, value) in node.ToList())
        {
            if (IsPlaintextField(field))
            {
                node.Remove(field);
            }
            else if (value is JsonObject inner)
            {
                Strip(inner);
            }
        }
    }
}
