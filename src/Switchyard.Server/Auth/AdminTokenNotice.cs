namespace Switchyard.Server.Auth;

/// <summary>
/// The line the start banner prints about the bootstrap admin token. It holds a minted token
/// only until the banner takes it, so the value is shown once and not kept in memory after.
/// </summary>
public sealed class AdminTokenNotice
{
    private string? _line;

    public void Post(string line) => Volatile.Write(ref _line, line);

    /// <summary>The pending line, once; null when there is none or it was taken.</summary>
    public string? Take() => Interlocked.Exchange(ref _line, null);
}
