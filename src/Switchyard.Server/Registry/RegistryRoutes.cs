using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Registry;

/// <summary>
/// The Unity-Catalog-shaped model registry API: models (<c>/api/2.1/unity-catalog/models…</c>), the
/// catalogs and schemas they live in, and the grants on all three.
/// </summary>
public static class RegistryRoutes
{
    public const string Prefix = "/api/2.1/unity-catalog/models";

    /// <summary>
    /// The registry, catalog and grant stores (SQLite), the model store on disk, version intake, and
    /// the start-up cleanup of the store and the catalogs of models from before catalogs existed. Each is added only if the host has not supplied its own.
    /// </summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton<IRegistryStore>(static sp => new SqlRegistryStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<ModelStore>();
        services.TryAddSingleton<IArtifactLocator>(static sp => sp.GetRequiredService<ModelStore>());
        services.TryAddSingleton<ModelVersionIntake>();
        services.TryAddSingleton<IModelGrantStore>(static sp => new SqlModelGrantStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<ModelAccess>();
        services.TryAddSingleton<IModelAccessPolicy>(static sp => sp.GetRequiredService<ModelAccess>());
        services.TryAddSingleton<ICatalogStore>(static sp => new SqlCatalogStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<ISecurableGrantStore>(static sp => new SqlSecurableGrantStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<CatalogAccess>();
        services.TryAddSingleton<ModelSourceRoots>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ModelStoreCleanup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CatalogBackfill>());
        return services;
    }

    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder routes)
    {
        var models = routes.MapGroup(Prefix);
        RegisteredModelRoutes.Map(models);
        ModelVersionRoutes.Map(models);
        ModelAliasRoutes.Map(models);
        CatalogRoutes.Map(routes);
        SchemaRoutes.Map(routes);
        GrantRoutes.Map(routes);
        return routes;
    }
}
