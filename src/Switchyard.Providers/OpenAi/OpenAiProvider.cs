using Switchyard.Core.Llm;
using Switchyard.Providers.Http;
using Switchyard.Providers.Schema;
using static Switchyard.Providers.OpenAi.OpenAiCompatible;

namespace Switchyard.Providers.OpenAi;

/// <summary>
/// <c>openai</c>: OpenAI itself, or Azure OpenAI (<c>openai_api_type</c> <c>azure</c> with an API
/// key, <c>azuread</c> with a Microsoft Entra ID client secret), whose deployment and API version
/// go in the URL.
/// </summary>
public sealed class OpenAiProvider(TimeProvider time) : IExternalProvider
{
    public const string ProviderName = "openai";

    public const string PublicBase = "https://api.openai.com/v1";

    private const string TypeField = "openai_api_type";

    private static readonly string[] Azure = ["azure", "azuread"];

    internal static readonly ProviderField ApiType =
        ProviderField.Choice(TypeField, "OpenAI API type", "openai", "azure", "azuread").DefaultingTo("openai");

    internal static readonly ProviderField ApiKey =
        ProviderField.Secret("openai_api_key", "OpenAI API key").OnlyWhen(TypeField, "openai", "azure");

    internal static readonly ProviderField EntraClientId =
        ProviderField.Text("microsoft_entra_client_id", "Entra client id").OnlyWhen(TypeField, "azuread");

    internal static readonly ProviderField EntraTenantId =
        ProviderField.Text("microsoft_entra_tenant_id", "Entra tenant id").OnlyWhen(TypeField, "azuread");

    internal static readonly ProviderField EntraClientSecret =
        ProviderField.Secret("microsoft_entra_client_secret", "Entra client secret").OnlyWhen(TypeField, "azuread");

    // One field name, two meanings: an optional override of OpenAI's public base, or the Azure resource.
    internal static readonly ProviderField ApiBase =
        ProviderField.Url("openai_api_base", "OpenAI API base", PublicBase).Optional().OnlyWhen(TypeField, "openai")
            .Described("Leave empty for OpenAI's public API.");

    internal static readonly ProviderField Organization =
        ProviderField.Text("openai_organization", "OpenAI organization").Optional().OnlyWhen(TypeField, "openai");

    internal static readonly ProviderField AzureApiBase =
        ProviderField.Url("openai_api_base", "OpenAI API base", "https://<resource>.openai.azure.com/").OnlyWhen(TypeField, Azure);

    internal static readonly ProviderField ApiVersion =
        ProviderField.Text("openai_api_version", "OpenAI API version", "2024-02-01").OnlyWhen(TypeField, Azure);

    internal static readonly ProviderField DeploymentName =
        ProviderField.Text("openai_deployment_name", "Deployment name").OnlyWhen(TypeField, Azure);

    public string Name => ProviderName;

    public string ConfigField => "openai_config";

    public ProviderSchema Schema { get; } = new(
        ApiType, ApiKey, EntraClientId, EntraTenantId, EntraClientSecret, ApiBase, Organization, AzureApiBase, ApiVersion, DeploymentName);

    public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat, LlmTask.Completions, LlmTask.Embeddings];

    public async Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct)
    {
        var apiType = ApiType.ChoiceIn(context.Config);
        if (apiType == "openai")
        {
            var key = await context.KeyAsync(ApiKey, ct);
            var root = context.Text(ApiBase)?.TrimEnd('/') ?? context.Http.Options.BaseUrlOf(ProviderName, PublicBase);
            var headers = new List<(string, string)> { ("Authorization", $"Bearer {key}") };
            if (context.Text(Organization) is { } organization)
            {
                headers.Add(("OpenAI-Organization", organization));
            }

            return Model(context, new OpenAiDialect
            {
                Provider = ProviderName,
                Auth = new HeaderAuth([.. headers]),
                ChatUrl = Url(root, "/chat/completions"),
                CompletionsUrl = Url(root, "/completions"),
                EmbeddingsUrl = Url(root, "/embeddings"),
                BodyModel = context.Spec.Name,
                StreamUsage = true,
                MaxCompletionTokens = true,
                Secrets = [key],
            });
        }

        // Azure OpenAI: the deployment is in the URL, and the API version in its query.
        var resource = context.RequiredText(AzureApiBase).TrimEnd('/');
        var deployment = Uri.EscapeDataString(context.RequiredText(DeploymentName));
        var version = Uri.EscapeDataString(context.RequiredText(ApiVersion));
        IProviderAuth auth;
        string secret;
        if (apiType == "azure")
        {
            secret = await context.KeyAsync(ApiKey, ct);
            auth = new HeaderAuth(("api-key", secret));
        }
        else
        {
            secret = await context.KeyAsync(EntraClientSecret, ct);
            var tenant = Uri.EscapeDataString(context.RequiredText(EntraTenantId));
            var authority = context.Http.Options.BaseUrlOf(ExternalModelOptions.EntraTokenKey, EntraTokenAuth.PublicAuthority);
            auth = new EntraTokenAuth(context.Http, Url(authority, $"/{tenant}/oauth2/v2.0/token"),
                context.RequiredText(EntraClientId), secret, time);
        }

        var deploymentRoot = $"{resource}/openai/deployments/{deployment}";
        return Model(context, new OpenAiDialect
        {
            Provider = ProviderName,
            Auth = auth,
            ChatUrl = Url(deploymentRoot, $"/chat/completions?api-version={version}"),
            CompletionsUrl = Url(deploymentRoot, $"/completions?api-version={version}"),
            EmbeddingsUrl = Url(deploymentRoot, $"/embeddings?api-version={version}"),
            StreamUsage = true,
            MaxCompletionTokens = true,
            Secrets = [secret],
        });
    }
}
