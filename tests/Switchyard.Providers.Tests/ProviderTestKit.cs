using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Providers;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.Tests;

/// <summary>The shared HTTP path, pointed at a stand-in, and the context a provider's builder takes.</summary>
internal static class ProviderTestKit
{
    /// <summary>Long enough for any loopback answer, short enough that a hanging stand-in ends the test soon.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static ProviderHttp HttpTo(string provider, string baseUrl)
    {
        var options = new ExternalModelOptions { RequestTimeout = Timeout };
        options.BaseUrls[provider] = baseUrl;
        return new ProviderHttp(ExternalModelServiceCollectionExtensions.CreateClient(options), options);
    }

    public static ProviderContext Context(string provider, string configField, string model, LlmTask task, JsonObject config, ProviderHttp http) =>
        new(
            new ExternalModelSpec(model, provider, task, config),
            config,
            $"external_model.{configField}",
            // Plaintext keys only: the secret store and identities are never asked.
            new ProviderKeys(null!, null!, "creator@example.com"),
            http);

    public static LlmRequest Chat(params ChatMessage[] messages) => new() { Task = LlmTask.Chat, Messages = messages };

    public static async Task<List<LlmChunk>> CollectAsync(IAsyncEnumerable<LlmChunk> chunks)
    {
        var all = new List<LlmChunk>();
        await foreach (var chunk in chunks)
        {
            all.Add(chunk);
        }

        return all;
    }
}
