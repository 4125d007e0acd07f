using System.Text.Json;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>
/// Follows a <see cref="Utf8JsonReader"/> through a body and says, for each string value, whether
/// it is text the guard checks (<see cref="JsonTexts"/>). It keeps one byte per open container on
/// a stack inside itself (the reader's depth limit bounds it), so it allocates nothing.
/// </summary>
internal struct JsonTextWalker
{
    /// <summary>The reader's own depth limit (its default), one more for the root.</summary>
    public const int MaxDepth = 65;

    private readonly JsonTexts _texts;
    private Frames _frames;
    private int _depth;
    private Field _field;

    public JsonTextWalker(JsonTexts texts)
    {
        _texts = texts;
        _depth = 0;
        _field = Field.None;
    }

    private enum Frame : byte
    {
        Other,
        Root,
        Messages,
        Message,
        Parts,
        Part,
        TextList,
    }

    [System.Runtime.CompilerServices.InlineArray(MaxDepth)]
    private struct Frames
    {
        private Frame _first;
    }

    private enum Field : byte
    {
        None,
        Messages,
        Prompt,
        Input,
        Content,
        Text,
        Other,
    }

    /// <summary>Takes the token the reader is on; true when it is a string value to check.</summary>
    public bool IsCheckedText(scoped ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                _field = FieldOf(ref reader);
                return false;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var frame = Open(reader.TokenType == JsonTokenType.StartObject);
                _frames[_depth++] = frame;
                _field = Field.None;
                return false;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                _depth--;
                return false;
            case JsonTokenType.String:
                var checkedText = _texts == JsonTexts.AllStrings || IsLlmText();
                _field = Field.None;
                return checkedText;
            default:
                _field = Field.None;
                return false;
        }
    }

    private readonly bool IsLlmText() => (Top, _field) switch
    {
        (Frame.Root, Field.Prompt or Field.Input) => true,
        (Frame.TextList, Field.None) => true,
        (Frame.Message, Field.Content) => true,
        (Frame.Part, Field.Text) => true,
        _ => false,
    };

    private readonly Frame Top => _depth == 0 ? Frame.Other : _frames[_depth - 1];

    private readonly Frame Open(bool isObject)
    {
        if (_depth == 0)
        {
            return isObject ? Frame.Root : Frame.Other;
        }

        return (Top, _field, isObject) switch
        {
            (Frame.Root, Field.Messages, false) => Frame.Messages,
            (Frame.Root, Field.Prompt or Field.Input, false) => Frame.TextList,
            (Frame.Messages, Field.None, true) => Frame.Message,
            (Frame.Message, Field.Content, false) => Frame.Parts,
            (Frame.Parts, Field.None, true) => Frame.Part,
            _ => Frame.Other,
        };
    }

    private readonly Field FieldOf(scoped ref Utf8JsonReader reader) =>
        _texts == JsonTexts.AllStrings ? Field.Other
        : reader.ValueTextEquals("messages"u8) ? Field.Messages
        : reader.ValueTextEquals("prompt"u8) ? Field.Prompt
        : reader.ValueTextEquals("input"u8) ? Field.Input
        : reader.ValueTextEquals("content"u8) ? Field.Content
        : reader.ValueTextEquals("text"u8) ? Field.Text
        : Field.Other;
}
