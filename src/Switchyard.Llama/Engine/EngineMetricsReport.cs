using Switchyard.Core.Runtimes;

namespace Switchyard.Llama.Engine;

/// <summary>The engine's figures as the endpoint metrics route names them (Prometheus style, units in the name).</summary>
public static class EngineMetricsReport
{
    public static void AddTo(EngineMetrics engine, ICollection<ServedMetric> metrics)
    {
        metrics.Add(new("llm_requests_total", engine.Requests, "Queries the engine has taken.", IsCounter: true));
        metrics.Add(new("llm_prompt_tokens_total", engine.PromptTokens, "Prompt tokens read.", IsCounter: true));
        metrics.Add(new("llm_completion_tokens_total", engine.CompletionTokens, "Completion tokens generated.", IsCounter: true));
        metrics.Add(new("llm_forward_passes_total", engine.ForwardPasses, "Forward passes (llama_decode calls), each batching every active sequence.", IsCounter: true));
        metrics.Add(new("llm_prompt_tokens_per_second", engine.PromptTokensPerSecond, "Prompt tokens read per second of busy time."));
        metrics.Add(new("llm_completion_tokens_per_second", engine.CompletionTokensPerSecond, "Completion tokens generated per second of busy time."));
        metrics.Add(new("llm_time_to_first_token_seconds", engine.TimeToFirstTokenMs / 1000, "Mean time from a query's arrival to its first token."));
        metrics.Add(new("llm_inter_token_latency_seconds", engine.InterTokenLatencyMs / 1000, "Mean time between two tokens of one sequence."));
        metrics.Add(new("llm_queue_depth", engine.QueueDepth, "Queries waiting for a sequence slot in the engine."));
        metrics.Add(new("llm_busy_slots", engine.BusySlots, "Sequence slots generating now."));
        metrics.Add(new("llm_slots", engine.Slots, "Sequence slots (parallel sequences per forward pass)."));
        metrics.Add(new("llm_provisioned_tokens_per_second", engine.ProvisionedTokensPerSecond, "The band's current rate ceiling."));
    }
}
