using Switchyard.Providers.Http;

namespace Switchyard.Providers.OpenAi;

/// <summary>
/// Where and how one OpenAI-compatible provider is called: its URL per task (null when it does
/// not serve the task), its credentials, whether the body names the model, and the fields it takes
/// beyond OpenAI's own.
/// </summary>
internal sealed record OpenAiDialect
{
    public required string Provider { get; init; }

    public required IProviderAuth Auth { get; init; }

    public Uri? ChatUrl { get; init; }

    public Uri? CompletionsUrl { get; init; }

    public Uri? EmbeddingsUrl { get; init; }

    /// <summary>The model id written in the body, or null where the URL names the model (Azure deployments, Databricks endpoints).</summary>
    public string? BodyModel { get; init; }

    /// <summary>Ask for usage on the last streamed chunk (<c>stream_options.include_usage</c>), which OpenAI and Azure take.</summary>
    public bool StreamUsage { get; init; }

    /// <summary>
    /// The provider knows <c>max_completion_tokens</c> (OpenAI and Azure OpenAI), so a caller's limit
    /// goes under the name the caller used; other compatible servers are sent <c>max_tokens</c>, which all take.
    /// </summary>
    public bool MaxCompletionTokens { get; init; }

    /// <summary>Pass <c>top_k</c> on (vLLM, llama.cpp and Databricks take it; OpenAI refuses it).</summary>
    public bool TopK { get; init; }

    /// <summary>Values to scrub from error messages.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
}
