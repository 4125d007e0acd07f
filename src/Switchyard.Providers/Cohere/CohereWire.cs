using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;

namespace Switchyard.Providers.Cohere;

/// <summary>
/// What Cohere's request writer and answer reader share: the provider's name, and the embed
/// <c>input_type</c>, which Cohere's models on Bedrock take too. Requests are written by
/// <see cref="CohereRequestWriter"/>, answers read by <see cref="CohereAnswerReader"/>.
/// </summary>
public static class CohereWire
{
    public const string Provider = CohereProvider.ProviderName;

    /// <summary>The embed <c>input_type</c>s (EmbedInputType); <c>search_document</c> unless the query names another.</summary>
    private static readonly string[] InputTypes = ["search_document", "search_query", "classification", "clustering"];

    /// <summary>
    /// The embed <c>input_type</c>: the query's own top-level <c>input_type</c> when it names one of
    /// Cohere's, else <c>search_document</c> (what is embedded is most often stored to be searched).
    /// </summary>
    public static string InputType(LlmRequest request)
    {
        if (request.InputType is not { } given)
        {
            return InputTypes[0];
        }

        return given is JsonValue value && value.GetValueKind() == JsonValueKind.String && InputTypes.Contains(value.GetValue<string>())
            ? value.GetValue<string>()
            : throw ServingException.Invalid($"input_type must be one of {string.Join(", ", InputTypes)} for Cohere embeddings.");
    }
}
