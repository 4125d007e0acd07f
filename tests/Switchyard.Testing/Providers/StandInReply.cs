namespace Switchyard.Testing.Providers;

/// <summary>How the Cohere, Vertex AI and Bedrock stand-ins cut a reply into streamed pieces.</summary>
public static class StandInReply
{
    /// <summary>The reply's words, each after the first with its leading space, so the pieces join back to the reply.</summary>
    public static IReadOnlyList<string> Pieces(string reply) =>
        [.. reply.Split(' ').Select(static (word, i) => i == 0 ? word : " " + word)];

    /// <summary>The output tokens the stand-ins report for a reply: its words.</summary>
    public static int Tokens(string reply) => reply.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
