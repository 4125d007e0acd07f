using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Llm;
using Switchyard.Providers.Anthropic;
using Switchyard.Providers.Schema;

namespace Switchyard.Providers.Tests;

/// <summary>The catalog as AddExternalModels and AddExternalProvider build it.</summary>
public sealed class ExternalProviderCatalogTests
{
    [Fact]
    public void AddExternalModels_ServesTheEightBuiltInProviders()
    {
        Assert.Equal(
            ["openai", "anthropic", "cohere", "google-cloud-vertex-ai", "amazon-bedrock", "ai21labs", "databricks-model-serving", "custom"],
            Models.Catalog.Names);
        Assert.Equal(
            ["openai_config", "anthropic_config", "cohere_config", "google_cloud_vertex_ai_config", "amazon_bedrock_config", "ai21labs_config",
             "databricks_model_serving_config", "custom_provider_config"],
            Models.Catalog.All.Select(p => p.ConfigField));
    }

    [Fact]
    public void AProviderAddedBefore_CoexistsWithTheBuiltInOnes_AndCountsOnceWhenAddedTwice()
    {
        var catalog = CatalogOf(services => services.AddExternalProvider<Toy>().AddExternalProvider<Toy>().AddExternalModels().AddExternalModels());

        Assert.Equal(9, catalog.All.Count);
        Assert.True(catalog.TryGet("toy", out var toy));
        Assert.IsType<Toy>(toy);
        Assert.True(catalog.TryGet("openai", out _));
    }

    [Fact]
    public void TwoProvidersOfOneName_AreAnErrorNamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CatalogOf(services => services.AddExternalModels().AddExternalProvider<FakeAnthropic>()));

        Assert.Contains("External provider 'anthropic' is registered twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TaskRefusal_NamesTheProviderAndTheTask()
    {
        Models.Catalog.TryGet(AnthropicProvider.ProviderName, out var anthropic);

        Assert.Null(ExternalProviderCatalog.TaskRefusal(anthropic, LlmTask.Chat, "claude"));
        Assert.Equal("Provider 'anthropic' serves no embeddings; claude cannot serve task 'llm/v1/embeddings'.",
            ExternalProviderCatalog.TaskRefusal(anthropic, LlmTask.Embeddings, "claude"));
    }

    private static ExternalProviderCatalog CatalogOf(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return services.BuildServiceProvider().GetRequiredService<ExternalProviderCatalog>();
    }

    private sealed class Toy : IExternalProvider
    {
        public string Name => "toy";

        public string ConfigField => "toy_config";

        public ProviderSchema Schema { get; } = new(ProviderField.Text("word", "Word"));

        public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat];

        public Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct) => throw new NotSupportedException();
    }

    private sealed class FakeAnthropic : IExternalProvider
    {
        public string Name => AnthropicProvider.ProviderName;

        public string ConfigField => "fake_config";

        public ProviderSchema Schema { get; } = new();

        public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat];

        public Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct) => throw new NotSupportedException();
    }
}
