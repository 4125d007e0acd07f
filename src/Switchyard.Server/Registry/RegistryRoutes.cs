using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Registry;
using Switchyard.Storage.Sqlite;

namespace Switchyard.Server.Registry;

/// <summary>The Unity-Catalog-shaped model registry API (<c>/api/2.1/unity-catalog/models…</c>).</summary>
public static class RegistryRoutes
{
    public const string Prefix = "/api/2.1/unity-catalog/models";

    /// <summary>
    /// The registry store (SQLite), the model store on disk, version intake, and the start-up
    /// cleanup of the store. Each is added only if the host has not supplied its own.
    /// </summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton<IRegistryStore>(static sp => new SqliteRegistryStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<ModelStore>();
        services.TryAddSingleton<IArtifactLocator>(static sp => sp.GetRequiredService<ModelStore>());
        services.TryAddSingleton<ModelVersionIntake>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ModelStoreCleanup>());
        return services;
    }

    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder routes)
    {
        var models = routes.MapGroup(Prefix);
        RegisteredModelRoutes.Map(models);
        ModelVersionRoutes.Map(models);
        ModelAliasRoutes.Map(models);
        return routes;
    }
}
