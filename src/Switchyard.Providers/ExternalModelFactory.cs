using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Llm;
using Switchyard.Core.Secrets;
using Switchyard.Providers.Http;

namespace Switchyard.Providers;

/// <summary>
/// Builds external-model clients, one adapter per provider: resolves the keys of the entity's
/// provider config with its creator's rights, then hands the config to the provider's builder.
/// </summary>
public sealed class ExternalModelFactory(ProviderHttp http, ISecretResolver secrets, IIdentityStore identities) : IExternalModelFactory
{
    public async Task<IGenerativeModel> CreateAsync(ServedEntityConfig entity, CancellationToken ct)
    {
        var spec = entity.External
            ?? throw new ServingException(ErrorCode.InvalidParameterValue, $"Served entity '{entity.Name}' is not an external model.");
        if (!ExternalProviders.TryGetConfigField(spec.Provider, out var configField))
        {
            throw new ServingException(ErrorCode.InvalidParameterValue, $"External model provider '{spec.Provider}' is not supported.");
        }

        var context = new ProviderContext(
            spec, spec.ProviderConfig, $"external_model.{configField}", new ProviderKeys(secrets, identities, entity.Creator), http);
        return await BuildAsync(context, ct);
    }

    private static Task<IGenerativeModel> BuildAsync(ProviderContext context, CancellationToken ct) => context.Spec.Provider switch
    {
        ExternalProviders.Cohere => Cohere.CohereModel.CreateAsync(context, TimeProvider.System, ct),
        ExternalProviders.VertexAi => VertexAi.VertexAiModel.CreateAsync(context, TimeProvider.System, ct),
        ExternalProviders.Bedrock => Bedrock.BedrockModel.CreateAsync(context, TimeProvider.System, ct),
        _ => throw new ServingException(ErrorCode.InvalidParameterValue, $"External model provider '{context.Spec.Provider}' is not served by this server yet."),
    };
}

