using Switchyard.Core.Llm;
using Switchyard.Providers.Http;
using Switchyard.Providers.OpenAi;
using Switchyard.Providers.Schema;

namespace Switchyard.Providers.DatabricksModelServing;

/// <summary>
/// <c>databricks-model-serving</c>: an endpoint of another Databricks workspace (or another
/// Switchyard), whose invocations take OpenAI's formats; the model id names the endpoint.
/// </summary>
public sealed class DatabricksModelServingProvider : IExternalProvider
{
    public const string ProviderName = "databricks-model-serving";

    internal static readonly ProviderField WorkspaceUrl = ProviderField.Url("databricks_workspace_url", "Workspace URL", "https://…");

    internal static readonly ProviderField ApiToken = ProviderField.Secret("databricks_api_token", "Workspace API token");

    public string Name => ProviderName;

    public string ConfigField => "databricks_model_serving_config";

    public ProviderSchema Schema { get; } = new(WorkspaceUrl, ApiToken);

    public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat, LlmTask.Completions, LlmTask.Embeddings];

    public async Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct)
    {
        var workspace = context.RequiredText(WorkspaceUrl).TrimEnd('/');
        var token = await context.KeyAsync(ApiToken, ct);
        // One URL for every task: the endpoint's invocations, which take the chat, completions and embeddings formats alike.
        var invocations = OpenAiCompatible.Url(workspace, $"/serving-endpoints/{Uri.EscapeDataString(context.Spec.Name)}/invocations");
        return OpenAiCompatible.Model(context, new OpenAiDialect
        {
            Provider = ProviderName,
            Auth = HeaderAuth.Bearer(token),
            ChatUrl = invocations,
            CompletionsUrl = invocations,
            EmbeddingsUrl = invocations,
            TopK = true,
            Secrets = [token],
        });
    }
}
