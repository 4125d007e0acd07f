using System.Text.Json;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>Which string values of a JSON body a guard checks.</summary>
public enum JsonTexts
{
    /// <summary>Every string value (custom-model requests and answers); property names are not text.</summary>
    AllStrings,

    /// <summary>
    /// An LLM request's text only: each message's <c>content</c> (a string, or its parts'
    /// <c>text</c>), <c>prompt</c> and <c>input</c> (a string or a list of strings). Roles, the
    /// model, tool definitions and every other field are left alone.
    /// </summary>
    LlmRequest,
}

/// <summary>Tells an LLM request from any other body by its shape.</summary>
public static class JsonTextShape
{
    /// <summary>
    /// <see cref="JsonTexts.LlmRequest"/> when the body is an object with a top-level
    /// <c>messages</c>, <c>prompt</c> or <c>input</c>; otherwise <see cref="JsonTexts.AllStrings"/>.
    /// Malformed JSON throws <see cref="JsonException"/>.
    /// </summary>
    public static JsonTexts Of(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return JsonTexts.AllStrings;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("messages"u8) || reader.ValueTextEquals("prompt"u8) || reader.ValueTextEquals("input"u8))
            {
                return JsonTexts.LlmRequest;
            }

            reader.Read();
            reader.Skip();
        }

        return JsonTexts.AllStrings;
    }
}
