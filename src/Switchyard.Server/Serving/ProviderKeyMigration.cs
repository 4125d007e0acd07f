using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Secrets;

namespace Switchyard.Server.Serving;

/// <summary>
/// Seals the literal provider keys of endpoints stored before keys were sealed at rest, once, at
/// start-up: afterwards no stored document holds a key in plain text.
/// </summary>
public static class ProviderKeyMigration
{
    /// <summary>The endpoint with its literal keys sealed, or null when it held none.</summary>
    public static ServingEndpoint? Sealed(ServingEndpoint endpoint, ProviderKeySealer sealer)
    {
        var config = Sealed(endpoint.Config, sealer);
        var pending = Sealed(endpoint.PendingConfig, sealer);
        return config is null && pending is null
            ? null
            : endpoint with { Config = config ?? endpoint.Config, PendingConfig = pending ?? endpoint.PendingConfig };
    }

    private static EndpointConfig? Sealed(EndpointConfig? config, ProviderKeySealer sealer)
    {
        if (config is null)
        {
            return null;
        }

        var changed = false;
        var entities = new List<ServedEntityConfig>();
        foreach (var entity in config.ServedEntities)
        {
            if (entity.External is not { } external || !ExternalProviders.TryGetConfigField(external.Provider, out var field))
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
                declaredModel[field] = block.DeepClone();
            }

            entities.Add(entity with { Declared = declared, External = external with { ProviderConfig = block } });
            changed = true;
        }

        return changed ? config with { ServedEntities = entities } : null;
    }
}
