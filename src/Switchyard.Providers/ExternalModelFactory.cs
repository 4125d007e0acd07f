using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Llm;
using Switchyard.Core.Secrets;
using Switchyard.Providers.Http;

namespace Switchyard.Providers;

/// <summary>
/// Builds the model of one external-model served entity: finds its provider in the catalog, gives
/// it a key reader holding the rights of the config's creator (so a secret reference reads only
/// what the creator may read), and has the provider build the model.
/// </summary>
public sealed class ExternalModelFactory(
    ExternalProviderCatalog providers, ProviderHttp http, ISecretResolver secrets, IIdentityStore identities, ProviderKeySealer? sealer = null)
{
    /// <summary>
    /// The entity's model, ready to answer. Throws when the provider is unknown or does not serve
    /// the task, or when a key cannot be resolved (the message names the reference, never a value).
    /// </summary>
    public Task<IGenerativeModel> CreateAsync(ServedEntityConfig entity, CancellationToken ct)
    {
        var spec = entity.External
            ?? throw new ServingException(ErrorCode.InvalidParameterValue, $"Served entity '{entity.Name}' is not an external model.");
        if (!providers.TryGet(spec.Provider, out var provider))
        {
            throw new ServingException(ErrorCode.InvalidParameterValue, $"External model provider '{spec.Provider}' is not supported.");
        }

        if (ExternalProviderCatalog.TaskRefusal(provider, spec.Task, spec.Name) is { } refusal)
        {
            throw new ServingException(ErrorCode.InvalidParameterValue, refusal);
        }

        var context = new ProviderContext(
            spec, spec.ProviderConfig, $"external_model.{provider.ConfigField}", new ProviderKeys(secrets, identities, entity.Creator, sealer), http);
        return provider.CreateAsync(context, ct);
    }
}
