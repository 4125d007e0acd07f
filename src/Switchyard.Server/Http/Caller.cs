using Switchyard.Core.Errors;
using Switchyard.Core.Identity;

namespace Switchyard.Server.Http;

/// <summary>
/// Who is calling: the identity the authentication middleware attached to the request after
/// checking its token. Every route but the open probes (health, well-known config) has one.
/// </summary>
public static class Caller
{
    /// <summary>The authenticated caller; a route reached without one is refused as unauthenticated.</summary>
    public static CallerIdentity Of(HttpContext context) =>
        context.Features.Get<CallerIdentity>()
        ?? throw new ServingException(ErrorCode.Unauthenticated, "This request carries no authenticated caller.");

    public static string NameOf(HttpContext context) => Of(context).Name;

    public static void Set(HttpContext context, CallerIdentity identity) => context.Features.Set(identity);

    /// <summary>Refuses (403 PERMISSION_DENIED) a caller outside the admins group.</summary>
    public static CallerIdentity RequireAdmin(HttpContext context, string action)
    {
        var caller = Of(context);
        return caller.IsAdmin
            ? caller
            : throw new ServingException(ErrorCode.PermissionDenied, $"Only workspace admins may {action}; {caller.Name} is not in the admins group.");
    }
}
