using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchyard.Server.Hosting;
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
        services.TryAddSingleton(static sp =>
        {
            var redis = sp.GetRequiredService<IOptions<ServingOptions>>().Value.Redis;
            var local = sp.GetRequiredService<RateLimitCounters>();
            return new RateLimits(local, string.IsNullOrWhiteSpace(redis)
                ? null
                : new GlobalRateLimits(redis, local, sp.GetRequiredService<ILogger<GlobalRateLimits>>()));
        });
        services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<RateLimits>());
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
