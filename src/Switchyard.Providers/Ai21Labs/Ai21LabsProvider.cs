using Switchyard.Core.Llm;
using Switchyard.Providers.Http;
using Switchyard.Providers.OpenAi;
using Switchyard.Providers.Schema;

namespace Switchyard.Providers.Ai21Labs;

/// <summary><c>ai21labs</c>: AI21's chat API (Jamba), OpenAI's format with a bearer key; no embeddings.</summary>
public sealed class Ai21LabsProvider : IExternalProvider
{
    public const string ProviderName = "ai21labs";

    public const string PublicBase = "https://api.ai21.com/studio/v1";

    internal static readonly ProviderField ApiKey = ProviderField.Secret("ai21labs_api_key", "AI21 Labs API key");

    public string Name => ProviderName;

    public string ConfigField => "ai21labs_config";

    public ProviderSchema Schema { get; } = new(ApiKey);

    // Completions are asked as one chat turn: AI21's API has chat completions only.
    public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat, LlmTask.Completions];

    public async Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct)
    {
        var key = await context.KeyAsync(ApiKey, ct);
        var root = context.Http.Options.BaseUrlOf(ProviderName, PublicBase);
        return OpenAiCompatible.Model(context, new OpenAiDialect
        {
            Provider = ProviderName,
            Auth = HeaderAuth.Bearer(key),
            ChatUrl = OpenAiCompatible.Url(root, "/chat/completions"),
            BodyModel = context.Spec.Name,
            Secrets = [key],
        });
    }
}
