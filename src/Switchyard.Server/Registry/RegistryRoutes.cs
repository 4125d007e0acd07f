namespace Switchyard.Server.Registry;

/// <summary>The Unity-Catalog-shaped model registry API (<c>/api/2.1/unity-catalog/models…</c>).</summary>
public static class RegistryRoutes
{
    public static IServiceCollection AddRegistry(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder routes) => routes;
}
