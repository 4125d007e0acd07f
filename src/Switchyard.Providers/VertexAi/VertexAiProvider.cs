using Switchyard.Core.Llm;
using Switchyard.Providers.Schema;

namespace Switchyard.Providers.VertexAi;

/// <summary><c>google-cloud-vertex-ai</c>: Gemini on Vertex AI, in one project and region, with a service account's key.</summary>
public sealed class VertexAiProvider(TimeProvider time) : IExternalProvider
{
    public const string ProviderName = "google-cloud-vertex-ai";

    internal static readonly ProviderField ProjectId = ProviderField.Text("project_id", "Project id");

    internal static readonly ProviderField Region = ProviderField.Text("region", "Region", "us-central1");

    internal static readonly ProviderField PrivateKey = ProviderField.Secret("private_key", "Service-account private key")
        .Described("The service account's whole JSON key file.");

    public string Name => ProviderName;

    public string ConfigField => "google_cloud_vertex_ai_config";

    public ProviderSchema Schema { get; } = new(ProjectId, Region, PrivateKey);

    public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat, LlmTask.Completions, LlmTask.Embeddings];

    public Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct) => VertexAiModel.CreateAsync(context, time, ct);
}
