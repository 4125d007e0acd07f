using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Llm;
using Switchyard.Core.Secrets;
using Switchyard.Providers.Anthropic;
using Switchyard.Providers.Http;
using Switchyard.Providers.OpenAi;

namespace Switchyard.Providers;

/// <summary>
/// Builds external-model clients, one adapter per provider: resolves the keys of the entity's
/// provider config with its creator's rights, then hands the config to the provider's builder.
/// </summary>
public sealed class ExternalModelFactory(
    ProviderHttp http, ISecretResolver secrets, IIdentityStore identities, TimeProvider time, ProviderKeySealer? sealer = null) : IExternalModelFactory
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
            spec, spec.ProviderConfig, $"external_model.{configField}", new ProviderKeys(secrets, identities, entity.Creator, sealer), http);
        return await BuildAsync(context, ct);
    }

    private Task<IGenerativeModel> BuildAsync(ProviderContext context, CancellationToken ct) => context.Spec.Provider switch
    {
        ExternalProviders.OpenAi => OpenAiCompatibleProviders.OpenAiAsync(context, time, ct),
        ExternalProviders.Custom => OpenAiCompatibleProviders.CustomAsync(context, ct),
        ExternalProviders.DatabricksModelServing => OpenAiCompatibleProviders.DatabricksAsync(context, ct),
        ExternalProviders.Ai21Labs => OpenAiCompatibleProviders.Ai21LabsAsync(context, ct),
        ExternalProviders.Anthropic => AnthropicAsync(context, ct),
        ExternalProviders.Cohere => Cohere.CohereModel.CreateAsync(context, time, ct),
        ExternalProviders.VertexAi => VertexAi.VertexAiModel.CreateAsync(context, time, ct),
        ExternalProviders.Bedrock => Bedrock.BedrockModel.CreateAsync(context, time, ct),
        _ => throw new ServingException(ErrorCode.InvalidParameterValue, $"External model provider '{context.Spec.Provider}' is not served by this server yet."),
    };

    private static async Task<IGenerativeModel> AnthropicAsync(ProviderContext context, CancellationToken ct)
    {
        if (context.Spec.Task == LlmTask.Embeddings)
        {
            throw new ServingException(ErrorCode.InvalidParameterValue,
                $"Provider 'anthropic' serves no embeddings; {context.Spec.Name} cannot serve task '{LlmTaskNames.Embeddings}'.");
        }

        var key = await context.Keys.RequiredAsync(context.Config, "anthropic_api_key", context.Path, ct);
        var baseUrl = context.Http.Options.BaseUrlOf(ExternalProviders.Anthropic, AnthropicModel.PublicBase);
        return new AnthropicModel(context.Http, context.Spec.Task, context.Spec.Name, baseUrl, key);
    }
}
