using Switchyard.Core.Runtimes;

namespace Switchyard.Core.Llm;

/// <summary>
/// A served model that answers LLM queries: an external provider behind its client, or a local
/// engine. Safe to call from many requests at once. Failures are thrown: a
/// <see cref="ProviderException"/> when a provider answered badly or not at all, a
/// <see cref="Errors.ServingException"/> for anything the caller can fix (for example a task the
/// model does not serve, or a field its provider cannot take).
/// </summary>
public interface IGenerativeModel : IServedModel
{
    /// <summary>True when the model answers queries of this task.</summary>
    bool Supports(LlmTask task);

    /// <summary>Answers one query whole.</summary>
    Task<LlmResponse> GenerateAsync(LlmRequest request, CancellationToken ct);

    /// <summary>
    /// Answers one query piece by piece as the pieces arrive (never buffered whole). Cancelling
    /// <paramref name="ct"/> (the client went away) stops the work and frees what it held.
    /// </summary>
    IAsyncEnumerable<LlmChunk> StreamAsync(LlmRequest request, CancellationToken ct);
}
