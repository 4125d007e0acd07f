namespace Switchyard.Server.Experiments.OutputDiff;

/// <summary>What an answer holds once its envelope (ids, timestamps, usage) is set aside.</summary>
public enum OutputKind
{
    /// <summary>A custom model's <c>predictions</c> (or <c>outputs</c>, or a bare JSON array): numbers, labels, lists of lists, records.</summary>
    Predictions,

    /// <summary>An embeddings answer's <c>data[].embedding</c> vectors.</summary>
    Embeddings,

    /// <summary>An LLM's text: chat completions' <c>choices[].message.content</c>, completions' <c>choices[].text</c>.</summary>
    LlmText,

    /// <summary>Anything else (other JSON, or not JSON at all), compared as text.</summary>
    Text,
}
