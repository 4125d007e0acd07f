using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchyard.Core.Identity;
using Switchyard.Core.Secrets;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.Tests;

/// <summary>AddExternalModels and the ExternalModels options section.</summary>
public sealed class ExternalModelRegistrationTests
{
    [Fact]
    public async Task AddExternalModels_BoundSection_OneClientAndTheOverrides()
    {
        using var keys = await TestKeys.CreateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ExternalModels:BaseUrls:anthropic"] = "http://127.0.0.1:1234/",
            ["ExternalModels:RequestTimeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(keys.Resolver);
        services.AddSingleton<IIdentityStore>(keys.Identities);
        services.AddOptions<ExternalModelOptions>().Bind(configuration.GetSection(ExternalModelOptions.Section));
        services.AddExternalModels();

        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ExternalModelOptions>>().Value;
        Assert.Equal("http://127.0.0.1:1234", options.BaseUrlOf("anthropic", "https://api.anthropic.com"));
        Assert.Equal("https://api.openai.com/v1", options.BaseUrlOf("openai", "https://api.openai.com/v1"));
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ConnectTimeout);
        Assert.Same(provider.GetRequiredService<ProviderHttp>(), provider.GetRequiredService<ProviderHttp>());
        Assert.NotNull(provider.GetRequiredService<ExternalModelFactory>());
        Assert.NotNull(provider.GetRequiredService<ISecretResolver>());
    }
}
