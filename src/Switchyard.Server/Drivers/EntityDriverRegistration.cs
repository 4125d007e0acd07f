using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Server.Drivers.CustomModels;
using Switchyard.Server.Drivers.ExternalModels;
using Switchyard.Server.Drivers.FoundationModels;

namespace Switchyard.Server.Drivers;

/// <summary>The one place kinds of served entity are registered; a new kind is one more line (here or in a host's own services).</summary>
public static class EntityDriverRegistration
{
    /// <summary>Registers a kind of served entity. Registered before the server's defaults, it is asked before them.</summary>
    public static IServiceCollection AddEntityDriver<TDriver>(this IServiceCollection services)
        where TDriver : class, IEntityDriver
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntityDriver, TDriver>());
        return services;
    }

    public static IServiceCollection AddEntityDrivers(this IServiceCollection services)
    {
        services.TryAddSingleton<RegistryLoader>();
        services.TryAddSingleton<EntityDrivers>();
        services.AddEntityDriver<ExternalModelDriver>();
        services.AddEntityDriver<FoundationModelDriver>();
        services.AddEntityDriver<CustomModelDriver>();
        return services;
    }
}
