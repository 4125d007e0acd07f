namespace Switchyard.Llama.Engine;

/// <summary>
/// A snapshot of one engine's figures since it loaded. Rates are averages over the time the engine
/// had work (idle time does not dilute them); latencies are averages over all requests and tokens.
/// </summary>
public sealed record EngineMetrics(
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    long ForwardPasses,
    double PromptTokensPerSecond,
    double CompletionTokensPerSecond,
    double TimeToFirstTokenMs,
    double InterTokenLatencyMs,
    int QueueDepth,
    int BusySlots,
    int Slots,
    int ContextPerSlot,
    double ProvisionedTokensPerSecond);
