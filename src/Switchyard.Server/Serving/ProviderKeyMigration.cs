using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Secrets;
using Switchyard.Providers;

namespace Switchyard.Server.Serving;

/// <summary>
/// Seals the literal provider keys of endpoints stored before keys were sealed at rest, once, at
/// start-up: afterwards no stored document holds a key in plain text.
/// </summary>
public static class ProviderKeyMigration
{
    /// <summary>The endpoint with its literal keys sealed, or null when it held none.</summary>
    public static ServingEndpoint? Sealed(ServingEndpoint endpoint, ProviderKeySealer sealer, ExternalProviderCatalog providers)
    {
        var config = Sealed(endpoint.Config, sealer, providers);
        var pending = Sealed(endpoint.PendingConfig, sealer, providers);
        return config is null && pending is null
            ? null
            : endpoint with { Config = config ?? endpoint.Config, PendingConfig = pending ?? endpoint.PendingConfig };
    }

    private static EndpointConfig? Sealed(EndpointConfig? config, ProviderKeySealer sealer, ExternalProviderCatalog providers)
    {
        if (config is null)
        {
            return null;
        }

        var changed = false;
        var entities = new List<ServedEntityConfig>();
        foreach (var entity in config.ServedEntities)
        {
            if (entity.External is not { } external || !providers.TryGet(external.Provider, out var provider))
            {
                entities.Add(entity);
                continue;
            }

            var block = external.ProviderConfig.DeepClone().AsObject();
            if (!sealer.SealLiterals(block))
            {
                entities.Add(entity);
                continue;
            }

            var declared = entity.Declared.DeepClone().AsObject();
            if (declared["external_model"] is JsonObject declaredModel)
            {
                declaredModel[provider.ConfigField] = block.DeepClone();
            }

            entities.Add(entity with { Declared = declared, External = external with { ProviderConfig = block } });
            changed = true;
        }

        return changed ? config with { ServedEntities = entities } : null;
    }
}
