using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Providers.Http;

namespace Switchyard.Providers;

/// <summary>What a provider's builder needs: the spec, its config block (and its path for messages), the key reader and the HTTP client.</summary>
public sealed record ProviderContext(ExternalModelSpec Spec, JsonObject Config, string Path, ProviderKeys Keys, ProviderHttp Http);
