using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Providers;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.Tests;

/// <summary>
/// The context a provider's builder takes, for tests that build a model directly (with a fake
/// clock, say) rather than through the factory as <see cref="Models"/> does.
/// </summary>
internal static class ProviderTestKit
{
    /// <summary>Long enough for any loopback answer, short enough that a hanging stand-in ends the test soon.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static ProviderContext Context(string provider, string configField, string model, LlmTask task, JsonObject config, ProviderHttp http) =>
        new(
            new ExternalModelSpec(model, provider, task, config),
            config,
            $"external_model.{configField}",
            // Plaintext keys only: the secret store and identities are never asked.
            new ProviderKeys(null!, null!, "creator@example.com"),
            http);
}
