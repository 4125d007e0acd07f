namespace Switchyard.Server.Registry;

/// <summary>
/// The path the operating system would reach for a name: absolute, <c>.</c> and <c>..</c> removed,
/// and every symbolic link along the part that exists replaced by where it leads. The part that
/// does not exist is kept as written, since no link can hide in it.
/// </summary>
internal static class CanonicalPath
{
    // Linux allows 40 links in one lookup; a deeper chain (or a loop) is not a path anyone may use.
    private const int MaxLinks = 40;

    /// <summary>The canonical form of <paramref name="path"/>; IOException for a link loop.</summary>
    public static string Of(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies inside it (both canonical); never a mere name prefix.</summary>
    public static bool IsUnder(string path, string root, StringComparison comparison)
    {
        var folder = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return string.Equals(path, root, comparison) || path.StartsWith(folder, comparison);
    }

    private static string Resolve(string full, ref int links)
    {
        var root = Path.GetPathRoot(full)!;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Join(current, parts[i]);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                if (!Path.Exists(next))
                {
                    return Path.Join([next, .. parts[(i + 1)..]]);
                }

                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException("Too many levels of symbolic links.");
            }

            // A relative target is read from the link's own folder, which is already canonical, so removing its ".." is exact.
            current = Resolve(Path.GetFullPath(target, current), ref links);
        }

        return current;
    }
}
