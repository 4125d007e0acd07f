using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Providers.Http;
using Switchyard.Providers.OpenAi;
using Switchyard.Providers.Schema;

namespace Switchyard.Providers.Custom;

/// <summary>
/// <c>custom</c>: any server speaking OpenAI's API at <c>custom_provider_url</c> (vLLM, Ollama,
/// llama.cpp), with a bearer token, an API-key header, or (unlike the hosted service, since local
/// servers often have none) no auth at all.
/// </summary>
public sealed class CustomProvider : IExternalProvider
{
    public const string ProviderName = "custom";

    internal static readonly ProviderField ProviderUrl =
        ProviderField.Url("custom_provider_url", "Provider base URL", "http://127.0.0.1:11434/v1")
            .Described("The API's base, as an OpenAI client's base_url would be (…/v1 for vLLM, Ollama, llama.cpp).");

    internal static readonly ProviderField BearerToken = ProviderField.Secret("token", "Bearer token");

    internal static readonly ProviderField BearerTokenAuth = ProviderField.Block("bearer_token_auth", "Bearer token auth", BearerToken);

    internal static readonly ProviderField HeaderName = ProviderField.Text("key", "API key header", "x-api-key");

    internal static readonly ProviderField HeaderValue = ProviderField.Secret("value", "API key");

    internal static readonly ProviderField ApiKeyAuth = ProviderField.Block("api_key_auth", "API key auth", HeaderName, HeaderValue);

    public string Name => ProviderName;

    public string ConfigField => "custom_provider_config";

    public ProviderSchema Schema { get; } = new(ProviderUrl, BearerTokenAuth, ApiKeyAuth);

    public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat, LlmTask.Completions, LlmTask.Embeddings];

    public IReadOnlyList<string> Check(JsonObject block, string path)
    {
        var check = new BlockCheck(block, path);
        check.Fields(Schema.Fields, f => f.Kind != ProviderFieldKind.Block);
        if (block[ApiKeyAuth.Name] is JsonObject && block[BearerTokenAuth.Name] is JsonObject)
        {
            check.Problem("give api_key_auth or bearer_token_auth, not both.");
        }

        check.Fields(Schema.Fields, f => f.Kind == ProviderFieldKind.Block);
        return check.Problems;
    }

    public async Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct)
    {
        var root = context.RequiredText(ProviderUrl).TrimEnd('/');
        IProviderAuth auth = HeaderAuth.None;
        IReadOnlyList<string> secrets = [];
        if (context.Inner(ApiKeyAuth) is { } apiKey)
        {
            var header = apiKey.RequiredText(HeaderName);
            var value = await apiKey.KeyAsync(HeaderValue, ct);
            auth = new HeaderAuth((header, value));
            secrets = [value];
        }
        else if (context.Inner(BearerTokenAuth) is { } bearer)
        {
            var token = await bearer.KeyAsync(BearerToken, ct);
            auth = HeaderAuth.Bearer(token);
            secrets = [token];
        }

        return OpenAiCompatible.Model(context, new OpenAiDialect
        {
            Provider = ProviderName,
            Auth = auth,
            ChatUrl = OpenAiCompatible.Url(root, "/chat/completions"),
            CompletionsUrl = OpenAiCompatible.Url(root, "/completions"),
            EmbeddingsUrl = OpenAiCompatible.Url(root, "/embeddings"),
            BodyModel = context.Spec.Name,
            TopK = true,
            Secrets = secrets,
        });
    }
}
