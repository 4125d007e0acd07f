namespace Switchyard.Bench.External;

/// <summary>
/// The bytes of the external-model benchmark: one chat request, and the one OpenAI
/// chat-completion answer both stand-ins give to every request on every path.
/// </summary>
public static class ChatPayloads
{
    public const string ProviderModel = "gpt-bench";

    /// <summary>The Databricks chat body sent to the endpoint's invocations route.</summary>
    public const string EndpointBody = """{"messages":[{"role":"user","content":"Say hello in five words."}],"max_tokens":16}""";

    /// <summary>The OpenAI chat body sent straight to a stand-in (or through nginx): the same plus the model.</summary>
    public const string ProviderBody = """{"model":"gpt-bench","messages":[{"role":"user","content":"Say hello in five words."}],"max_tokens":16}""";

    /// <summary>The provider path a client of the stand-in calls; nginx answers on any path.</summary>
    public const string ProviderPath = "/v1/chat/completions";

    /// <summary>The same query streamed: the endpoint relays the provider's events as they come.</summary>
    public const string EndpointStreamBody = """{"messages":[{"role":"user","content":"Say hello in five words."}],"max_tokens":16,"stream":true}""";

    /// <summary>
    /// The streamed answer (text/event-stream) of the streaming stand-in: OpenAI's chunks for the same
    /// seven tokens, the usage on the last one, then the end marker.
    /// </summary>
    public static readonly string StandInStream = string.Concat(
        new[] { "Hello", " there", ",", " nice", " to", " meet", "." }.Select(static (token, i) =>
            $$"""data: {"id":"chatcmpl-bench0001","object":"chat.completion.chunk","created":1764000000,"model":"gpt-bench","choices":[{"index":0,"delta":{{{(i == 0 ? "\"role\":\"assistant\"," : "")}}"content":"{{token}}"},"finish_reason":null}]}""" + "\n\n"))
        + """data: {"id":"chatcmpl-bench0001","object":"chat.completion.chunk","created":1764000000,"model":"gpt-bench","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":14,"completion_tokens":7,"total_tokens":21}}""" + "\n\n"
        + "data: [DONE]\n\n";

    public const string StandInAnswer = """{"id":"chatcmpl-bench0001","object":"chat.completion","created":1764000000,"model":"gpt-bench","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there, nice to meet."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":14,"completion_tokens":7,"total_tokens":21}}""";
}
