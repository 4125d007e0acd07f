using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Llm;

namespace Switchyard.Providers;

/// <summary>
/// The names one provider's JSON body gives the sampling knobs that Cohere, Gemini and Bedrock
/// Converse all take with the same meaning (null where the provider has no such knob). The
/// translation is the same for each: a knob the query sets is copied, one it leaves out is left out,
/// so the provider's own default applies. A provider whose range for a knob differs writes that knob
/// itself and names none here.
/// </summary>
internal sealed record SamplingFields(string MaxTokens, string Temperature, string? TopP, string? TopK, string StopSequences)
{
    /// <summary>
    /// Writes the knobs <paramref name="request"/> sets into the object <paramref name="writer"/> is in,
    /// in this order, leaving out each one <paramref name="extra"/> (the caller's <c>extra_params</c>,
    /// when the knobs sit at the top of the body) sets itself.
    /// </summary>
    public void WriteTo(Utf8JsonWriter writer, LlmRequest request, JsonObject? extra = null)
    {
        if (request.MaxTokens is { } maxTokens && !WireWriter.ExtraSets(extra, MaxTokens))
        {
            writer.WriteNumber(MaxTokens, maxTokens);
        }

        if (request.Temperature is { } temperature && !WireWriter.ExtraSets(extra, Temperature))
        {
            writer.WriteNumber(Temperature, temperature);
        }

        if (TopP is not null && request.TopP is { } topP && !WireWriter.ExtraSets(extra, TopP))
        {
            writer.WriteNumber(TopP, topP);
        }

        if (TopK is not null && request.TopK is { } topK && !WireWriter.ExtraSets(extra, TopK))
        {
            writer.WriteNumber(TopK, topK);
        }

        if (request.Stop.Count > 0 && !WireWriter.ExtraSets(extra, StopSequences))
        {
            writer.WritePropertyName(StopSequences);
            WireWriter.WriteStrings(writer, request.Stop);
        }
    }
}
