using Switchyard.Core.Errors;

namespace Switchyard.Runtimes.Mlflow;

/// <summary>
/// Resolves a path an MLmodel names (a flavor's <c>data</c>) inside its artifact folder, refusing
/// any that would leave the folder: absolute paths, <c>..</c> segments, or links pointing out.
/// </summary>
public static class ArtifactPath
{
    public static string ResolveFile(string artifactDirectory, string relativePath, string what)
    {
        var root = Path.GetFullPath(artifactDirectory);
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (Path.IsPathRooted(relativePath))
        {
            throw ServingException.Invalid($"{what} '{relativePath}' must be a path inside the model folder, not an absolute path");
        }

        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw ServingException.Invalid($"{what} '{relativePath}' points outside the model folder");
        }

        if (!File.Exists(full))
        {
            throw ServingException.Invalid($"{what} '{relativePath}' does not exist in the model folder");
        }

        // A link inside the folder may still point elsewhere; follow it before trusting it.
        var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true);
        if (target is not null && !Path.GetFullPath(target.FullName).StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw ServingException.Invalid($"{what} '{relativePath}' links outside the model folder");
        }

        return full;
    }
}
