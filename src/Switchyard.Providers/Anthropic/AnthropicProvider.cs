using Switchyard.Core.Llm;
using Switchyard.Providers.Schema;

namespace Switchyard.Providers.Anthropic;

/// <summary><c>anthropic</c>: Claude through the Messages API; chat and completions, no embeddings.</summary>
public sealed class AnthropicProvider : IExternalProvider
{
    public const string ProviderName = "anthropic";

    internal static readonly ProviderField ApiKey = ProviderField.Secret("anthropic_api_key", "Anthropic API key");

    public string Name => ProviderName;

    public string ConfigField => "anthropic_config";

    public ProviderSchema Schema { get; } = new(ApiKey);

    public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat, LlmTask.Completions];

    public async Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct)
    {
        var key = await context.KeyAsync(ApiKey, ct);
        var baseUrl = context.Http.Options.BaseUrlOf(ProviderName, AnthropicModel.PublicBase);
        return new AnthropicModel(context.Http, context.Spec.Task, context.Spec.Name, baseUrl, key);
    }
}
