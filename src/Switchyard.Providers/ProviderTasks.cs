using Switchyard.Core.Errors;
using Switchyard.Core.Llm;

namespace Switchyard.Providers;

/// <summary>Which queries a provider's model answers, where several providers draw the line the same way.</summary>
internal static class ProviderTasks
{
    /// <summary>
    /// Cohere, Vertex AI and Bedrock send chat and completions to the same generation API, so a model
    /// declared for either answers both; an embeddings model answers only embeddings. (OpenAI and
    /// Anthropic models answer their declared task alone: their paths differ per task.)
    /// </summary>
    public static bool GenerationServesBoth(LlmTask declared, LlmTask asked) =>
        asked == declared || (declared != LlmTask.Embeddings && asked != LlmTask.Embeddings);

    /// <summary>No provider streams embeddings; the query is refused as the caller's mistake, before any call goes out.</summary>
    public static void RefuseStreamedEmbeddings(LlmRequest request)
    {
        if (request.Task == LlmTask.Embeddings)
        {
            throw ServingException.Invalid("Embeddings cannot be streamed.");
        }
    }
}
