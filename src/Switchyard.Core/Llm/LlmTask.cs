namespace Switchyard.Core.Llm;

/// <summary>The three LLM tasks an external or foundation model answers (<c>llm/v1/…</c> on the wire).</summary>
public enum LlmTask
{
    Chat,
    Completions,
    Embeddings,
}

/// <summary>The wire names of <see cref="LlmTask"/>.</summary>
public static class LlmTaskNames
{
    public const string Chat = "llm/v1/chat";
    public const string Completions = "llm/v1/completions";
    public const string Embeddings = "llm/v1/embeddings";

    public static string ToWire(this LlmTask task) => task switch
    {
        LlmTask.Chat => Chat,
        LlmTask.Completions => Completions,
        _ => Embeddings,
    };

    public static bool TryParse(string? wire, out LlmTask task)
    {
        switch (wire)
        {
            case Chat: task = LlmTask.Chat; return true;
            case Completions: task = LlmTask.Completions; return true;
            case Embeddings: task = LlmTask.Embeddings; return true;
            default: task = default; return false;
        }
    }
}
