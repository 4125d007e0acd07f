namespace Switchyard.Core.Identity;

/// <summary>
/// A personal access token as stored: never its secret, only the SHA-256 of the secret part.
/// Times are milliseconds since the Unix epoch; a null <see cref="ExpiryTime"/> never expires.
/// </summary>
public sealed record ApiToken(
    string TokenId,
    string PrincipalId,
    byte[] SecretHash,
    string? Comment,
    long CreationTime,
    long? ExpiryTime,
    string CreatedById)
{
    public bool IsExpiredAt(long nowMs) => ExpiryTime is { } expiry && nowMs >= expiry;
}
