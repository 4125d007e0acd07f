namespace Switchyard.Llama.Engine;

/// <summary>
/// What the engine reports of one choice: a generated token (<see cref="TokenId"/> and the text it
/// releases, which may be empty while a multi-byte character or a possible stop string is still
/// incomplete), or the end of the choice (<see cref="FinishReason"/> set, with any text still held
/// back), or a failure (<see cref="Error"/>).
/// </summary>
public readonly record struct GenerationEvent(
    int Index,
    string Text,
    int TokenId = -1,
    string? FinishReason = null,
    int CompletionTokens = 0,
    Exception? Error = null)
{
    public bool IsToken => FinishReason is null && Error is null;
}

/// <summary>The finish reasons of a choice, as the OpenAI wire has them.</summary>
public static class FinishReasons
{
    /// <summary>End of generation token or a stop string.</summary>
    public const string Stop = "stop";

    /// <summary><c>max_tokens</c> reached, or the sequence's share of the context is full.</summary>
    public const string Length = "length";
}
