using System.Text.Json.Nodes;
using Switchyard.Core.Llm;

namespace Switchyard.Providers;

/// <summary>
/// The names one provider's JSON body gives the sampling knobs that Cohere, Gemini and Bedrock
/// Converse all take with the same meaning (null where the provider has no such knob). The
/// translation is the same for each: a knob the query sets is copied, one it leaves out is left out,
/// so the provider's own default applies.
/// </summary>
internal sealed record SamplingFields(string MaxTokens, string Temperature, string TopP, string? TopK, string StopSequences)
{
    /// <summary>Copies the knobs <paramref name="request"/> sets into <paramref name="target"/>, in this order.</summary>
    public void CopyTo(JsonObject target, LlmRequest request)
    {
        if (request.MaxTokens is { } maxTokens)
        {
            target[MaxTokens] = maxTokens;
        }

        if (request.Temperature is { } temperature)
        {
            target[Temperature] = temperature;
        }

        if (request.TopP is { } topP)
        {
            target[TopP] = topP;
        }

        if (TopK is not null && request.TopK is { } topK)
        {
            target[TopK] = topK;
        }

        if (request.Stop.Count > 0)
        {
            target[StopSequences] = WireJson.Strings(request.Stop);
        }
    }
}
