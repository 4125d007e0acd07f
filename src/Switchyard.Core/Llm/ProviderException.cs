namespace Switchyard.Core.Llm;

/// <summary>
/// An external provider failed a query: it answered with an error status, timed out, or could
/// not be reached. The message is the provider's own (never a key or token), and the status is
/// the provider's HTTP status, or null when no answer came. Such failures may fall back to the
/// endpoint's next served entity when <c>ai_gateway.fallback_config</c> is enabled.
/// </summary>
public sealed class ProviderException(string provider, int? status, string message, TimeSpan? retryAfter = null, bool timedOut = false)
    : Exception(message)
{
    public string Provider { get; } = provider;

    /// <summary>The provider's HTTP status, or null for a timeout or a connection failure.</summary>
    public int? Status { get; } = status;

    /// <summary>The provider's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>True when the provider did not answer in time (as opposed to not being reachable).</summary>
    public bool TimedOut { get; } = timedOut;

    /// <summary>
    /// True for failures another served entity may not share: timeouts, 429, 5xx, and 402 (the
    /// provider's billing refused this server's account, which another provider's does not share).
    /// </summary>
    public bool MayFallBack => Status is null or 402 or 429 or >= 500;
}
