using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Providers.Http;

namespace Switchyard.Providers;

/// <summary>What a provider's builder needs: the spec, its config block (and its path for messages), the key reader and the HTTP client.</summary>
public sealed record ProviderContext(ExternalModelSpec Spec, JsonObject Config, string Path, ProviderKeys Keys, ProviderHttp Http)
{
    /// <summary>
    /// A plain string field the config block must have (a region, a project), refused with its full
    /// path when absent. An empty string passes: the provider's own answer then names the problem.
    /// </summary>
    public string RequiredText(string field) =>
        ProviderKeys.TextOf(Config, field) ?? throw ServingException.Invalid($"{Path}.{field} is required.");
}
