using Switchyard.Core.Endpoints;

namespace Switchyard.Core.Llm;

/// <summary>
/// Builds the client of one external-model served entity: resolves its keys (secret references
/// are read with the rights of the config's creator) and picks the provider's adapter.
/// </summary>
public interface IExternalModelFactory
{
    /// <summary>
    /// The entity's model, ready to answer. Throws when a key cannot be resolved (the message
    /// names the reference, never a value).
    /// </summary>
    Task<IGenerativeModel> CreateAsync(ServedEntityConfig entity, CancellationToken ct);
}
