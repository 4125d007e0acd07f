namespace Switchyard.Core.Secrets;

/// <summary>
/// A secret value as it rests in a store: AES-GCM ciphertext with its nonce and tag. The store
/// sees nothing else, so a copy of the database alone reveals no value.
/// </summary>
public sealed record SealedSecret(byte[] Ciphertext, byte[] Nonce, byte[] Tag);
