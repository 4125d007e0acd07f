namespace Switchyard.Core.Endpoints;

/// <summary>
/// The served entities a config gave that failed their own checks (each problem already
/// reported): the names they were given, and whether one of them gave no name (its defaulted
/// name is not known). A route may name one of them; that route is then no problem of its own.
/// </summary>
public sealed class FailedEntities
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private bool _anyUnnamed;

    /// <summary>How many served entities failed.</summary>
    public int Count { get; private set; }

    /// <summary>Notes a failed entity by the name it gave (null when it gave none, or none that reads as a name).</summary>
    public void Add(string? name)
    {
        Count++;
        if (name is null)
        {
            _anyUnnamed = true;
        }
        else
        {
            _names.Add(name);
        }
    }

    /// <summary>True when <paramref name="routeName"/> may name one of the failed entities.</summary>
    public bool MayBeNamed(string routeName) => _anyUnnamed || _names.Contains(routeName);
}
