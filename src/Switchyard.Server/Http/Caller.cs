using Switchyard.Core.Identity;

namespace Switchyard.Server.Http;

/// <summary>
/// Who is calling: the identity the authentication middleware attached to the request. Until
/// tokens exist (the auth issue), a request without one acts as the local administrator.
/// </summary>
public static class Caller
{
    public const string LocalAdmin = "admin@localhost";

    private static readonly CallerIdentity LocalAdminIdentity =
        new("local-admin", PrincipalKind.User, LocalAdmin, "Administrator", new HashSet<string> { CallerIdentity.AdminsGroup });

    public static CallerIdentity Of(HttpContext context) => context.Features.Get<CallerIdentity>() ?? LocalAdminIdentity;

    public static string NameOf(HttpContext context) => Of(context).Name;

    public static void Set(HttpContext context, CallerIdentity identity) => context.Features.Set(identity);
}
