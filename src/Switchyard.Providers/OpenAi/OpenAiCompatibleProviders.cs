using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Providers.Http;

namespace Switchyard.Providers.OpenAi;

/// <summary>
/// Builds the clients of the providers that speak OpenAI's API, each from its config block:
/// <c>openai</c> (OpenAI, Azure OpenAI with an API key or Entra ID), <c>custom</c>,
/// <c>databricks-model-serving</c> and <c>ai21labs</c>.
/// </summary>
internal static class OpenAiCompatibleProviders
{
    public const string OpenAiPublicBase = "https://api.openai.com/v1";

    /// <summary>AI21's chat API (Jamba): chat completions only, Bearer key.</summary>
    public const string Ai21PublicBase = "https://api.ai21.com/studio/v1";

    public static async Task<IGenerativeModel> OpenAiAsync(ProviderContext context, TimeProvider time, CancellationToken ct)
    {
        var config = context.Config;
        var apiType = ProviderKeys.TextOf(config, "openai_api_type")?.ToLowerInvariant() ?? "openai";
        if (apiType == "openai")
        {
            var key = await context.Keys.RequiredAsync(config, "openai_api_key", context.Path, ct);
            var root = ProviderKeys.TextOf(config, "openai_api_base") is { Length: > 0 } apiBase
                ? apiBase.TrimEnd('/')
                : context.Http.Options.BaseUrlOf(ExternalProviders.OpenAi, OpenAiPublicBase);
            var headers = new List<(string, string)> { ("Authorization", $"Bearer {key}") };
            if (ProviderKeys.TextOf(config, "openai_organization") is { Length: > 0 } organization)
            {
                headers.Add(("OpenAI-Organization", organization));
            }

            return Build(context, new OpenAiDialect
            {
                Provider = ExternalProviders.OpenAi,
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
        var resource = Required(context, "openai_api_base").TrimEnd('/');
        var deployment = Uri.EscapeDataString(Required(context, "openai_deployment_name"));
        var version = Uri.EscapeDataString(Required(context, "openai_api_version"));
        IProviderAuth auth;
        string secret;
        if (apiType == "azure")
        {
            secret = await context.Keys.RequiredAsync(config, "openai_api_key", context.Path, ct);
            auth = new HeaderAuth(("api-key", secret));
        }
        else
        {
            secret = await context.Keys.RequiredAsync(config, "microsoft_entra_client_secret", context.Path, ct);
            var tenant = Uri.EscapeDataString(Required(context, "microsoft_entra_tenant_id"));
            var authority = context.Http.Options.BaseUrlOf(ExternalModelOptions.EntraTokenKey, EntraTokenAuth.PublicAuthority);
            auth = new EntraTokenAuth(context.Http, Url(authority, $"/{tenant}/oauth2/v2.0/token"),
                Required(context, "microsoft_entra_client_id"), secret, time);
        }

        var deploymentRoot = $"{resource}/openai/deployments/{deployment}";
        return Build(context, new OpenAiDialect
        {
            Provider = ExternalProviders.OpenAi,
            Auth = auth,
            ChatUrl = Url(deploymentRoot, $"/chat/completions?api-version={version}"),
            CompletionsUrl = Url(deploymentRoot, $"/completions?api-version={version}"),
            EmbeddingsUrl = Url(deploymentRoot, $"/embeddings?api-version={version}"),
            StreamUsage = true,
            MaxCompletionTokens = true,
            Secrets = [secret],
        });
    }

    public static async Task<IGenerativeModel> CustomAsync(ProviderContext context, CancellationToken ct)
    {
        var config = context.Config;
        var root = Required(context, "custom_provider_url").TrimEnd('/');
        IProviderAuth auth = HeaderAuth.None;
        IReadOnlyList<string> secrets = [];
        if (config["api_key_auth"] is System.Text.Json.Nodes.JsonObject apiKey)
        {
            var header = ProviderKeys.TextOf(apiKey, "key")
                ?? throw new ServingException(ErrorCode.InvalidParameterValue, $"{context.Path}.api_key_auth.key is required.");
            var value = await context.Keys.RequiredAsync(apiKey, "value", $"{context.Path}.api_key_auth", ct);
            auth = new HeaderAuth((header, value));
            secrets = [value];
        }
        else if (config["bearer_token_auth"] is System.Text.Json.Nodes.JsonObject bearer)
        {
            var token = await context.Keys.RequiredAsync(bearer, "token", $"{context.Path}.bearer_token_auth", ct);
            auth = HeaderAuth.Bearer(token);
            secrets = [token];
        }

        // custom_provider_url is the API's base, as an OpenAI client's base_url would be (…/v1 for vLLM, Ollama, llama.cpp).
        return Build(context, new OpenAiDialect
        {
            Provider = ExternalProviders.Custom,
            Auth = auth,
            ChatUrl = Url(root, "/chat/completions"),
            CompletionsUrl = Url(root, "/completions"),
            EmbeddingsUrl = Url(root, "/embeddings"),
            BodyModel = context.Spec.Name,
            TopK = true,
            Secrets = secrets,
        });
    }

    public static async Task<IGenerativeModel> DatabricksAsync(ProviderContext context, CancellationToken ct)
    {
        var workspace = Required(context, "databricks_workspace_url").TrimEnd('/');
        var token = await context.Keys.RequiredAsync(context.Config, "databricks_api_token", context.Path, ct);
        // One URL for every task: the endpoint's invocations, which take the chat, completions and embeddings formats alike.
        var invocations = Url(workspace, $"/serving-endpoints/{Uri.EscapeDataString(context.Spec.Name)}/invocations");
        return Build(context, new OpenAiDialect
        {
            Provider = ExternalProviders.DatabricksModelServing,
            Auth = HeaderAuth.Bearer(token),
            ChatUrl = invocations,
            CompletionsUrl = invocations,
            EmbeddingsUrl = invocations,
            TopK = true,
            Secrets = [token],
        });
    }

    public static async Task<IGenerativeModel> Ai21LabsAsync(ProviderContext context, CancellationToken ct)
    {
        var key = await context.Keys.RequiredAsync(context.Config, "ai21labs_api_key", context.Path, ct);
        var root = context.Http.Options.BaseUrlOf(ExternalProviders.Ai21Labs, Ai21PublicBase);
        if (context.Spec.Task == LlmTask.Embeddings)
        {
            throw new ServingException(ErrorCode.InvalidParameterValue,
                $"Provider 'ai21labs' serves no embeddings; {context.Spec.Name} cannot serve task '{LlmTaskNames.Embeddings}'.");
        }

        return Build(context, new OpenAiDialect
        {
            Provider = ExternalProviders.Ai21Labs,
            Auth = HeaderAuth.Bearer(key),
            ChatUrl = Url(root, "/chat/completions"),
            BodyModel = context.Spec.Name,
            Secrets = [key],
        });
    }

    private static OpenAiCompatibleModel Build(ProviderContext context, OpenAiDialect dialect) =>
        new(dialect, context.Http, context.Spec.Task, context.Spec.Name);

    private static Uri Url(string root, string path) =>
        Uri.TryCreate(root + path, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ServingException(ErrorCode.InvalidParameterValue, $"'{root}' is not an absolute http or https URL.");

    private static string Required(ProviderContext context, string field) =>
        ProviderKeys.TextOf(context.Config, field) is { Length: > 0 } value
            ? value
            : throw new ServingException(ErrorCode.InvalidParameterValue, $"{context.Path}.{field} is required.");
}
