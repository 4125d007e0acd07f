namespace Switchyard.Server.Auth;

/// <summary>
/// The line the start banner prints about the bootstrap admin token. It holds a minted token
/// only until the banner takes it, so the value is shown once and not kept in memory after.
/// </summary>
public sealed class AdminTokenNotice
{
    private Notice? _notice;

    /// <param name="withoutToken">The same news without the token's value, for logs (JSON log mode): logs must never hold a token.</param>
    public void Post(string line, string? withoutToken = null) => Volatile.Write(ref _notice, new Notice(line, withoutToken ?? line));

    /// <summary>The pending line, once; null when there is none or it was taken.</summary>
    public string? Take() => Interlocked.Exchange(ref _notice, null)?.Line;

    /// <summary>The pending line without any token value, once; null when there is none or it was taken.</summary>
    public string? TakeWithoutToken() => Interlocked.Exchange(ref _notice, null)?.WithoutToken;

    private sealed record Notice(string Line, string WithoutToken);
}
