using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Experiments;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Experiments;

/// <summary>The services of experiments: calling an entity off a caller's path (<see cref="EntityCall"/>), keeping output pairs (<see cref="OutputPairLog"/>), shadow traffic.</summary>
public static class ExperimentsRegistration
{
    public static IServiceCollection AddExperiments(this IServiceCollection services)
    {
        services.TryAddSingleton<IOutputPairStore>(static sp => new SqlOutputPairStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<OutputPairLog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OutputPairLog>(static sp => sp.GetRequiredService<OutputPairLog>()));
        services.TryAddSingleton<EntityCall>();
        services.TryAddSingleton<ShadowCounters>();
        services.TryAddSingleton<ShadowDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ShadowDispatcher>(static sp => sp.GetRequiredService<ShadowDispatcher>()));
        return services;
    }
}
