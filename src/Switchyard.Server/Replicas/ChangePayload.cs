namespace Switchyard.Server.Replicas;

/// <summary>
/// A change as one NOTIFY payload: <c>kind|origin|key</c>. The key comes last, so it may hold any
/// character; replica names may not hold '|'. Payloads stay far below PostgreSQL's 8000-byte limit
/// (endpoint names are at most 63 characters).
/// </summary>
public static class ChangePayload
{
    public static string Format(ChangeKind kind, string origin, string key) => $"{(int)kind}|{origin}|{key}";

    public static bool TryParse(string payload, out Change change)
    {
        change = default;
        var first = payload.IndexOf('|', StringComparison.Ordinal);
        var second = first < 0 ? -1 : payload.IndexOf('|', first + 1);
        if (second < 0 || !int.TryParse(payload.AsSpan(0, first), out var kind) || !Enum.IsDefined((ChangeKind)kind))
        {
            return false;
        }

        change = new Change((ChangeKind)kind, payload[(second + 1)..], payload[(first + 1)..second]);
        return true;
    }
}
