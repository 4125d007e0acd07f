using Switchyard.Core.Llm;
using Switchyard.Providers.Schema;

namespace Switchyard.Providers.Cohere;

/// <summary><c>cohere</c>: Cohere's v2 chat and embed APIs, at Cohere's public base or <c>cohere_api_base</c>.</summary>
public sealed class CohereProvider(TimeProvider time) : IExternalProvider
{
    public const string ProviderName = "cohere";

    internal static readonly ProviderField ApiKey = ProviderField.Secret("cohere_api_key", "Cohere API key");

    internal static readonly ProviderField ApiBase =
        ProviderField.Url("cohere_api_base", "Cohere API base", CohereModel.PublicBaseUrl).Optional()
            .Described("Leave empty for Cohere's public API.");

    public string Name => ProviderName;

    public string ConfigField => "cohere_config";

    public ProviderSchema Schema { get; } = new(ApiKey, ApiBase);

    public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat, LlmTask.Completions, LlmTask.Embeddings];

    public Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct) => CohereModel.CreateAsync(context, time, ct);
}
