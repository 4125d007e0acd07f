using Microsoft.Extensions.Options;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Registry;

/// <summary>
/// The folders a non-admin may name as a version's <c>source</c> (<c>--model-source-roots</c>;
/// none by default). Admins may name any path the server can read. The check runs before anything
/// looks at the path's target, and a refusal says the same whether the path exists or not, so that
/// the registry cannot be used to probe the server's file system.
/// </summary>
public sealed class ModelSourceRoots(IOptions<ServingOptions> options)
{
    public const string Refusal =
        "source must lie under one of the folders the server's --model-source-roots lists; ask an admin, or upload the model folder as a tar.gz.";

    private static readonly StringComparison PathComparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>Refuses (403 PERMISSION_DENIED) a non-admin's <paramref name="path"/> (absolute) that does not resolve inside a root.</summary>
    public void RequireAllowed(string path, CallerIdentity caller)
    {
        if (caller.IsAdmin)
        {
            return;
        }

        // Both sides are resolved at every check: a root or a link under it may have moved since start-up.
        if (TryCanonical(path) is { } canonical)
        {
            foreach (var root in options.Value.ModelSourceRoots)
            {
                if (TryCanonical(root) is { } canonicalRoot && CanonicalPath.IsUnder(canonical, canonicalRoot, PathComparison))
                {
                    return;
                }
            }
        }

        throw new ServingException(ErrorCode.PermissionDenied, Refusal);
    }

    /// <summary>Null when the path cannot be resolved (a link loop, a folder the server may not search): refused like any other.</summary>
    private static string? TryCanonical(string path)
    {
        try
        {
            return CanonicalPath.Of(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
