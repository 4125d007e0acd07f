using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchyard.Providers.Ai21Labs;
using Switchyard.Providers.Anthropic;
using Switchyard.Providers.Bedrock;
using Switchyard.Providers.Cohere;
using Switchyard.Providers.Custom;
using Switchyard.Providers.DatabricksModelServing;
using Switchyard.Providers.Http;
using Switchyard.Providers.OpenAi;
using Switchyard.Providers.VertexAi;

namespace Switchyard.Providers;

/// <summary>
/// Registers the external providers (the built-in ones and any added with
/// <see cref="AddExternalProvider{TProvider}"/>, before or after), their catalog, the model factory
/// and the one HTTP handler all providers share.
/// </summary>
public static class ExternalModelServiceCollectionExtensions
{
    public static IServiceCollection AddExternalModels(this IServiceCollection services)
    {
        services.AddOptions<ExternalModelOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new ProviderHttp(
            CreateInvoker(sp.GetRequiredService<IOptions<ExternalModelOptions>>().Value),
            sp.GetRequiredService<IOptions<ExternalModelOptions>>().Value));
        services.AddExternalProvider<OpenAiProvider>();
        services.AddExternalProvider<AnthropicProvider>();
        services.AddExternalProvider<CohereProvider>();
        services.AddExternalProvider<VertexAiProvider>();
        services.AddExternalProvider<BedrockProvider>();
        services.AddExternalProvider<Ai21LabsProvider>();
        services.AddExternalProvider<DatabricksModelServingProvider>();
        services.AddExternalProvider<CustomProvider>();
        services.TryAddSingleton<ExternalProviderCatalog>();
        services.TryAddSingleton<ExternalModelFactory>();
        return services;
    }

    /// <summary>
    /// Serves one more provider (a class registered twice counts once). Its name must be new: two
    /// providers of one name stop the server at start-up, naming it.
    /// </summary>
    public static IServiceCollection AddExternalProvider<TProvider>(this IServiceCollection services)
        where TProvider : class, IExternalProvider
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExternalProvider, TProvider>());
        return services;
    }

    /// <summary>
    /// One invoker over one pooled handler for every provider: connections are reused across
    /// queries, which is most of the latency a proxy adds.
    /// </summary>
    public static HttpMessageInvoker CreateInvoker(ExternalModelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = options.ConnectTimeout,
            // The default connect callback already sets TCP_NODELAY, so small bodies leave without Nagle's delay.
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = !string.IsNullOrWhiteSpace(options.Proxy),
            Proxy = string.IsNullOrWhiteSpace(options.Proxy) ? null : new WebProxy(options.Proxy),
            AllowAutoRedirect = false,
            EnableMultipleHttp2Connections = true,
            MaxConnectionsPerServer = int.MaxValue,
            // No trace headers to third parties, and no diagnostics handler on every upstream call.
            ActivityHeadersPropagator = null,
        };

        // Timeouts are applied per call (ProviderHttp), so that a stream is not cut after a client-wide limit.
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
