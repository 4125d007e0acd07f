namespace Switchyard.Providers.VertexAi;

/// <summary>
/// Gemini on Vertex AI: <see cref="GeminiRequestWriter"/> writes the <c>:generateContent</c>,
/// <c>:streamGenerateContent</c> and text-embedding <c>:predict</c> requests,
/// <see cref="GeminiAnswerReader"/> reads what comes back.
/// </summary>
public static class GeminiWire
{
    public const string Provider = VertexAiProvider.ProviderName;
}
