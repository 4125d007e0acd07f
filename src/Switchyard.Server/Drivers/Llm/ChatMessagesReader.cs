using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Server.Http;

namespace Switchyard.Server.Drivers.Llm;

/// <summary>
/// Reads a chat query's <c>messages</c> for <see cref="LlmRequestReader"/>, token by token. A
/// message's fields may come in any order, so each message is read whole and then checked in one
/// fixed order (role, tool calls, content), every problem collected with its path.
/// </summary>
internal static class ChatMessagesReader
{
    public const string Required = "messages must be a non-empty array of {role, content} objects.";

    /// <summary>Reads the array the reader stands on (any other value is collected as an error and passed over).</summary>
    public static List<ChatMessage> Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, List<string> errors)
    {
        var messages = new List<ChatMessage>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            CheckedTokens.Skip(ref reader, "messages");
            errors.Add(Required);
            return messages;
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var path = $"messages[{index++}]";
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadMessage(ref reader, body, path, messages, errors);
            }
            else
            {
                CheckedTokens.Skip(ref reader, path);
                errors.Add($"{path} must be an object with role and content.");
            }
        }

        if (index == 0)
        {
            errors.Add(Required);
        }

        return messages;
    }

    private static void ReadMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, string path, List<ChatMessage> messages, List<string> errors)
    {
        string? role = null, content = null, contentError = null, toolCallId = null, name = null;
        JsonNode? toolCalls = null;
        var names = new PropertyNames(body, stackalloc Range[8], path);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            names.Add(in reader);
            var atName = reader;
            reader.Read();
            if (atName.ValueTextEquals("role"u8))
            {
                role = RoleOf(ref reader, path);
            }
            else if (atName.ValueTextEquals("content"u8))
            {
                content = ReadContent(ref reader, body, path, out contentError);
            }
            else if (atName.ValueTextEquals("tool_calls"u8))
            {
                toolCalls = CheckedTokens.Node(ref reader, $"{path}.tool_calls");
            }
            else if (atName.ValueTextEquals("tool_call_id"u8))
            {
                toolCallId = OptionalText(ref reader, in atName, path);
            }
            else if (atName.ValueTextEquals("name"u8))
            {
                name = OptionalText(ref reader, in atName, path);
            }
            else
            {
                CheckedTokens.SkipProperty(ref reader, in atName, path);
            }
        }

        if (role is null)
        {
            errors.Add($"{path}.role must be one of system, user, assistant, tool.");
            return;
        }

        JsonArray? calls = null;
        if (toolCalls is JsonArray array)
        {
            calls = array;
            LlmToolShapes.CheckToolCalls(array, path, errors);
        }
        else if (toolCalls is not null && toolCalls.GetValueKind() != JsonValueKind.Null)
        {
            errors.Add($"{path}.tool_calls must be an array.");
        }

        if (contentError is not null)
        {
            errors.Add(contentError);
        }

        if (content is null && calls is null)
        {
            errors.Add($"{path}.content is required: a string (or an array of text parts).");
        }

        messages.Add(new ChatMessage(role, content, calls, toolCallId, name));
    }

    /// <summary>The role as one of <see cref="ChatRoles"/>, or null for anything else; OpenAI's newer "developer" is the system prompt under another name.</summary>
    private static string? RoleOf(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType != JsonTokenType.String || !CheckedTokens.IsText(in reader))
        {
            CheckedTokens.Skip(ref reader, $"{path}.role");
            return null;
        }

        if (reader.ValueTextEquals("user"u8))
        {
            return ChatRoles.User;
        }

        if (reader.ValueTextEquals("assistant"u8))
        {
            return ChatRoles.Assistant;
        }

        if (reader.ValueTextEquals("system"u8) || reader.ValueTextEquals("developer"u8))
        {
            return ChatRoles.System;
        }

        return reader.ValueTextEquals("tool"u8) ? ChatRoles.Tool : null;
    }

    /// <summary>A string, or OpenAI's array of content parts of which the text parts are joined; null (with <paramref name="error"/>) for anything else.</summary>
    private static string? ReadContent(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, string path, out string? error)
    {
        error = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return CheckedTokens.TryGetText(in reader) ?? throw WellFormedText.NotText($"{path}.content");
            case JsonTokenType.StartArray:
                var text = new StringBuilder();
                var served = true;
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var part = $"{path}.content[{index++}]";
                    if (served && reader.TokenType == JsonTokenType.StartObject && TextOfPart(ref reader, body, part) is { } piece)
                    {
                        text.Append(piece);
                    }
                    else
                    {
                        // The rest is still checked: a later part may not be text at all.
                        CheckedTokens.Skip(ref reader, part);
                        served = false;
                    }
                }

                if (served)
                {
                    return text.ToString();
                }

                error = $"{path}.content: only text parts ({{\"type\": \"text\", \"text\": …}}) are served.";
                return null;
            default:
                CheckedTokens.Skip(ref reader, $"{path}.content");
                error = $"{path}.content must be a string or an array of text parts.";
                return null;
        }
    }

    /// <summary>The text of a <c>{"type": "text", "text": …}</c> part the reader stands on (read to its end); null for any other part.</summary>
    private static string? TextOfPart(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, string path)
    {
        string? text = null;
        var isText = false;
        var names = new PropertyNames(body, stackalloc Range[4], path);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            names.Add(in reader);
            var atName = reader;
            reader.Read();
            if (atName.ValueTextEquals("type"u8) && reader.TokenType == JsonTokenType.String)
            {
                CheckedTokens.Skip(ref reader, $"{path}.type");
                isText = reader.ValueTextEquals("text"u8);
            }
            else if (atName.ValueTextEquals("text"u8) && reader.TokenType == JsonTokenType.String)
            {
                text = CheckedTokens.GetText(in reader, $"{path}.text");
            }
            else
            {
                CheckedTokens.SkipProperty(ref reader, in atName, path);
            }
        }

        return isText ? text : null;
    }

    /// <summary>A string field of a message, or null when it is anything else (passed over, checked).</summary>
    private static string? OptionalText(ref Utf8JsonReader reader, ref readonly Utf8JsonReader atName, string path)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return CheckedTokens.TryGetText(in reader) ?? throw WellFormedText.NotText($"{path}.{atName.GetString()}");
        }

        CheckedTokens.SkipProperty(ref reader, in atName, path);
        return null;
    }
}
