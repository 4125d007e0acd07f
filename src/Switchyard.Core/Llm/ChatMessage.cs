using System.Text.Json.Nodes;

namespace Switchyard.Core.Llm;

/// <summary>
/// One chat message in the OpenAI/Databricks shape. <see cref="ToolCalls"/> (an assistant's
/// calls) and <see cref="ToolCallId"/> (a tool's answer) are kept as the wire has them, so a
/// provider that supports tools can translate them and others can refuse them by name.
/// </summary>
public sealed record ChatMessage(
    string Role,
    string? Content,
    JsonArray? ToolCalls = null,
    string? ToolCallId = null,
    string? Name = null);

/// <summary>The roles a chat message may have.</summary>
public static class ChatRoles
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";
}
