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
        for (; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadMessage(ref reader, body, index, messages, errors);
            }
            else
            {
                CheckedTokens.Skip(ref reader, PathOf(index));
                errors.Add($"{PathOf(index)} must be an object with role and content.");
            }
        }

        if (index == 0)
        {
            errors.Add(Required);
        }

        return messages;
    }

    /// <summary>A message's path, made only for an error or a value kept as a tree.</summary>
    private static string PathOf(int index) => $"messages[{index}]";

    private static void ReadMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int index, List<ChatMessage> messages, List<string> errors)
    {
        string? role = null, content = null, contentError = null, toolCallId = null, name = null;
        JsonNode? toolCalls = null;
        var names = new PropertyNames(body, stackalloc Range[8], "messages", index);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            names.Add(in reader);
            var atName = reader;
            reader.Read();
            if (atName.ValueTextEquals("role"u8))
            {
                role = RoleOf(ref reader, index);
            }
            else if (atName.ValueTextEquals("content"u8))
            {
                content = ReadContent(ref reader, body, index, out contentError);
            }
            else if (atName.ValueTextEquals("tool_calls"u8))
            {
                toolCalls = CheckedTokens.Node(ref reader, $"{PathOf(index)}.tool_calls");
            }
            else if (atName.ValueTextEquals("tool_call_id"u8))
            {
                toolCallId = OptionalText(ref reader, in atName, index);
            }
            else if (atName.ValueTextEquals("name"u8))
            {
                name = OptionalText(ref reader, in atName, index);
            }
            else
            {
                CheckedTokens.SkipProperty(ref reader, in atName, PathOf(index));
            }
        }

        if (role is null)
        {
            errors.Add($"{PathOf(index)}.role must be one of system, user, assistant, tool.");
            return;
        }

        JsonArray? calls = null;
        if (toolCalls is JsonArray array)
        {
            calls = array;
            LlmToolShapes.CheckToolCalls(array, PathOf(index), errors);
        }
        else if (toolCalls is not null && toolCalls.GetValueKind() != JsonValueKind.Null)
        {
            errors.Add($"{PathOf(index)}.tool_calls must be an array.");
        }

        if (contentError is not null)
        {
            errors.Add(contentError);
        }

        if (content is null && calls is null)
        {
            errors.Add($"{PathOf(index)}.content is required: a string (or an array of text parts).");
        }

        messages.Add(new ChatMessage(role, content, calls, toolCallId, name));
    }

    /// <summary>The role as one of <see cref="ChatRoles"/>, or null for anything else; OpenAI's newer "developer" is the system prompt under another name.</summary>
    private static string? RoleOf(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.String || !CheckedTokens.IsText(in reader))
        {
            CheckedTokens.Skip(ref reader, $"{PathOf(index)}.role");
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
    private static string? ReadContent(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int message, out string? error)
    {
        error = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return CheckedTokens.TryGetText(in reader) ?? throw WellFormedText.NotText($"{PathOf(message)}.content");
            case JsonTokenType.StartArray:
                var path = $"{PathOf(message)}.content";
                var text = new StringBuilder();
                var served = true;
                for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
                {
                    if (served && reader.TokenType == JsonTokenType.StartObject && TextOfPart(ref reader, body, path, index) is { } piece)
                    {
                        text.Append(piece);
                    }
                    else
                    {
                        // The rest is still checked: a later part may not be text at all.
                        CheckedTokens.Skip(ref reader, $"{path}[{index}]");
                        served = false;
                    }
                }

                if (served)
                {
                    return text.ToString();
                }

                error = $"{path}: only text parts ({{\"type\": \"text\", \"text\": …}}) are served.";
                return null;
            default:
                CheckedTokens.Skip(ref reader, $"{PathOf(message)}.content");
                error = $"{PathOf(message)}.content must be a string or an array of text parts.";
                return null;
        }
    }

    /// <summary>The text of a <c>{"type": "text", "text": …}</c> part the reader stands on (read to its end); null for any other part.</summary>
    private static string? TextOfPart(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, string parts, int index)
    {
        string? text = null;
        var isText = false;
        var names = new PropertyNames(body, stackalloc Range[4], parts, index);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            names.Add(in reader);
            var atName = reader;
            reader.Read();
            if (atName.ValueTextEquals("type"u8) && reader.TokenType == JsonTokenType.String)
            {
                if (!CheckedTokens.IsText(in reader))
                {
                    throw WellFormedText.NotText($"{parts}[{index}].type");
                }

                isText = reader.ValueTextEquals("text"u8);
            }
            else if (atName.ValueTextEquals("text"u8) && reader.TokenType == JsonTokenType.String)
            {
                text = CheckedTokens.TryGetText(in reader) ?? throw WellFormedText.NotText($"{parts}[{index}].text");
            }
            else
            {
                CheckedTokens.SkipProperty(ref reader, in atName, $"{parts}[{index}]");
            }
        }

        return isText ? text : null;
    }

    /// <summary>A string field of a message, or null when it is anything else (passed over, checked).</summary>
    private static string? OptionalText(ref Utf8JsonReader reader, ref readonly Utf8JsonReader atName, int index)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return CheckedTokens.TryGetText(in reader) ?? throw WellFormedText.NotText($"{PathOf(index)}.{atName.GetString()}");
        }

        CheckedTokens.SkipProperty(ref reader, in atName, PathOf(index));
        return null;
    }
}
