using System.Text.Json.Nodes;
using Switchyard.Core.Llm;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// An external model as an endpoint config declares it: the provider's model id
/// (<see cref="Name"/>), the provider (<c>openai</c>, <c>anthropic</c>, …), the task, and the
/// provider's <c>*_config</c> block as sent. Key fields in it hold secret references or the
/// documented plaintext values; they are resolved only when the entity loads.
/// </summary>
public sealed record ExternalModelSpec(string Name, string Provider, LlmTask Task, JsonObject ProviderConfig);
