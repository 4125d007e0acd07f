using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.Tests;

/// <summary>Builds external models the way the server does: an entity config, the factory, the shared client.</summary>
internal static class Models
{
    /// <summary>The built-in providers, registered as the server registers them.</summary>
    public static readonly ExternalProviderCatalog Catalog =
        new ServiceCollection().AddExternalModels().BuildServiceProvider().GetRequiredService<ExternalProviderCatalog>();

    public static ProviderHttp Client(TimeSpan? timeout = null, params (string Provider, string Url)[] baseUrls)
    {
        var options = new ExternalModelOptions { RequestTimeout = timeout ?? TimeSpan.FromSeconds(30) };
        foreach (var (provider, url) in baseUrls)
        {
            options.BaseUrls[provider] = url;
        }

        return new ProviderHttp(ExternalModelServiceCollectionExtensions.CreateInvoker(options), options);
    }

    public static async Task<IGenerativeModel> CreateAsync(
        string provider, LlmTask task, string name, JsonObject config, ProviderHttp http, TestKeys keys, string creator = TestKeys.Ana)
    {
        var field = Catalog.TryGet(provider, out var served) ? served.ConfigField : "";
        var declared = new JsonObject
        {
            ["external_model"] = new JsonObject
            {
                ["name"] = name,
                ["provider"] = provider,
                ["task"] = task.ToWire(),
                [field] = config.DeepClone(),
            },
        };
        var entity = new ServedEntityConfig(
            name.Replace('.', '-'), "ExternalModel", "", "", 0, "", false, creator, 0, declared,
            External: new ExternalModelSpec(name, provider, task, config));
        var factory = new ExternalModelFactory(Catalog, http, keys.Resolver, keys.Identities);
        return await factory.CreateAsync(entity, CancellationToken.None);
    }

    public static LlmRequest Chat(params ChatMessage[] messages) => new() { Task = LlmTask.Chat, Messages = messages };

    /// <summary>The one-turn chat a test sends when what it checks is not the prompt.</summary>
    public static LlmRequest Hi => Chat(User("Hi"));

    /// <summary>The provider error a plain <see cref="Hi"/> query ends in.</summary>
    public static Task<ProviderException> RefusalOfAsync(IGenerativeModel model) =>
        Assert.ThrowsAsync<ProviderException>(() => model.GenerateAsync(Hi, CancellationToken.None));

    /// <summary>The provider error a streamed <see cref="Hi"/> query ends in.</summary>
    public static Task<ProviderException> StreamRefusalOfAsync(IGenerativeModel model) =>
        Assert.ThrowsAsync<ProviderException>(() => CollectAsync(model.StreamAsync(Hi, CancellationToken.None)));

    public static ChatMessage User(string text) => new(ChatRoles.User, text);

    public static ChatMessage SystemMessage(string text) => new(ChatRoles.System, text);

    public static async Task<List<LlmChunk>> CollectAsync(IAsyncEnumerable<LlmChunk> chunks)
    {
        var all = new List<LlmChunk>();
        await foreach (var chunk in chunks)
        {
            all.Add(chunk);
        }

        return all;
    }

    /// <summary>Reads a stream that is meant to break: the chunks that came before the break, and the error it broke with.</summary>
    public static async Task<(List<LlmChunk> Seen, ProviderException Error)> CollectUntilFailureAsync(IAsyncEnumerable<LlmChunk> chunks)
    {
        var seen = new List<LlmChunk>();
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var chunk in chunks)
            {
                seen.Add(chunk);
            }
        });
        return (seen, error);
    }

    public static string TextOf(IEnumerable<LlmChunk> chunks) => string.Concat(chunks.Select(c => c.Text));
}
