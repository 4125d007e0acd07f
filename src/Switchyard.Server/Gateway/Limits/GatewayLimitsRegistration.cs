using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Gateway;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>The rate limits' and budgets' services and route.</summary>
public static class GatewayLimitsRegistration
{
    public static IServiceCollection AddGatewayLimits(this IServiceCollection services)
    {
        services.TryAddSingleton<IBudgetSpendStore>(static sp => new SqlBudgetSpendStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<RateLimitCounters>();
        services.TryAddSingleton<BudgetLedger>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BudgetWriter>());
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayLimits(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(BudgetRoutes.Path, BudgetRoutes.GetAsync);
        return routes;
    }
}
