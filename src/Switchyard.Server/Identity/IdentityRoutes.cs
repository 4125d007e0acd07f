using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Identity;
using Switchyard.Server.Auth;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Identity;

/// <summary>Who may call: the identity store, token checks, the first-start admin, and the SCIM and token APIs.</summary>
public static class IdentityRoutes
{
    public const string ScimPrefix = "/api/2.0/preview/scim/v2";

    /// <summary>
    /// The SQLite identity store (also the <see cref="IPrincipalDirectory"/> grants consult), the
    /// token cache, the token issuer and the bootstrap; each only if the host supplied none.
    /// </summary>
    public static IServiceCollection AddIdentity(this IServiceCollection services)
    {
        services.TryAddSingleton(static sp => new SqlIdentityStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<IIdentityStore>(static sp => sp.GetRequiredService<SqlIdentityStore>());
        services.TryAddSingleton<IPrincipalDirectory>(static sp => sp.GetRequiredService<SqlIdentityStore>());
        services.TryAddSingleton<TokenAuthenticator>();
        services.TryAddSingleton<TokenIssuer>();
        services.TryAddSingleton<AdminTokenNotice>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, IdentityBootstrap>());
        return services;
    }

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder routes)
    {
        var scim = routes.MapGroup(ScimPrefix);
        ScimPrincipalRoutes.Map(scim);
        ScimGroupRoutes.Map(scim);
        TokenRoutes.Map(routes);
        TokenManagementRoutes.Map(routes);
        return routes;
    }
}
