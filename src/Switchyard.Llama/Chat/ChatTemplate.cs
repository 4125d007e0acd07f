using System.Text;
using Switchyard.Core.Llm;

namespace Switchyard.Llama.Chat;

/// <summary>
/// Renders chat messages into one prompt for a model, in the format its GGUF chat template names
/// (see <see cref="ChatTemplateFamily"/>), always ending with the opening of the assistant's turn.
/// The BOS token is not written: the tokenizer adds it when the model asks for one. When the model
/// has no template, or one of another family, the fallback is plain role lines:
/// <code>
/// &lt;|system|&gt;
/// You are terse.
/// &lt;|user|&gt;
/// Hello
/// &lt;|assistant|&gt;
/// </code>
/// </summary>
public sealed class ChatTemplate
{
    private readonly string _eos;

    public ChatTemplate(ChatTemplateFamily family, string? eosText = null)
    {
        Family = family;
        _eos = string.IsNullOrEmpty(eosText) ? "</s>" : eosText;
    }

    public ChatTemplateFamily Family { get; }

    /// <summary>The template for a model with this GGUF <c>tokenizer.chat_template</c> (null when it has none).</summary>
    public static ChatTemplate For(string? jinja, string? eosText) => new(Detect(jinja), eosText);

    /// <summary>Recognises a template's family by the markers it writes; <see cref="ChatTemplateFamily.Fallback"/> when none match.</summary>
    public static ChatTemplateFamily Detect(string? jinja)
    {
        if (string.IsNullOrWhiteSpace(jinja))
        {
            return ChatTemplateFamily.Fallback;
        }

        if (jinja.Contains("<|start_header_id|>", StringComparison.Ordinal))
        {
            return ChatTemplateFamily.Llama3;
        }

        if (jinja.Contains("<|im_start|>", StringComparison.Ordinal))
        {
            return ChatTemplateFamily.ChatMl;
        }

        if (jinja.Contains("[INST]", StringComparison.Ordinal))
        {
            return jinja.Contains("<<SYS>>", StringComparison.Ordinal) ? ChatTemplateFamily.Llama2 : ChatTemplateFamily.MistralInstruct;
        }

        if (jinja.Contains("<start_of_turn>", StringComparison.Ordinal))
        {
            return ChatTemplateFamily.Gemma;
        }

        if (jinja.Contains("<|user|>", StringComparison.Ordinal) && jinja.Contains("<|end|>", StringComparison.Ordinal))
        {
            return ChatTemplateFamily.Phi3;
        }

        return ChatTemplateFamily.Fallback;
    }

    /// <summary>The prompt for these messages, ready for the assistant's answer.</summary>
    public string Render(IReadOnlyList<ChatMessage> messages)
    {
        var text = new StringBuilder();
        switch (Family)
        {
            case ChatTemplateFamily.ChatMl:
                foreach (var m in messages)
                {
                    text.Append("<|im_start|>").Append(m.Role).Append('\n').Append(m.Content).Append("<|im_end|>\n");
                }

                text.Append("<|im_start|>assistant\n");
                break;
            case ChatTemplateFamily.Llama3:
                foreach (var m in messages)
                {
                    text.Append("<|start_header_id|>").Append(m.Role).Append("<|end_header_id|>\n\n").Append(m.Content?.Trim()).Append("<|eot_id|>");
                }

                text.Append("<|start_header_id|>assistant<|end_header_id|>\n\n");
                break;
            case ChatTemplateFamily.MistralInstruct:
            case ChatTemplateFamily.Llama2:
                RenderInstruct(messages, text);
                break;
            case ChatTemplateFamily.Gemma:
                foreach (var (role, content) in WithSystemInFirstUser(messages, "\n\n"))
                {
                    text.Append("<start_of_turn>").Append(role == ChatRoles.Assistant ? "model" : "user").Append('\n')
                        .Append(content.Trim()).Append("<end_of_turn>\n");
                }

                text.Append("<start_of_turn>model\n");
                break;
            case ChatTemplateFamily.Phi3:
                foreach (var m in messages)
                {
                    text.Append("<|").Append(m.Role).Append("|>\n").Append(m.Content).Append("<|end|>\n");
                }

                text.Append("<|assistant|>\n");
                break;
            default:
                foreach (var m in messages)
                {
                    text.Append("<|").Append(m.Role).Append("|>\n").Append(m.Content).Append('\n');
                }

                text.Append("<|assistant|>\n");
                break;
        }

        return text.ToString();
    }

    // [INST] turns: each user turn is wrapped, each assistant answer closed by EOS. Later Llama 2
    // turns start with the BOS text as its template writes it; the first BOS is the tokenizer's.
    private void RenderInstruct(IReadOnlyList<ChatMessage> messages, StringBuilder text)
    {
        var llama2 = Family == ChatTemplateFamily.Llama2;
        var first = true;
        foreach (var (role, content) in WithSystemInFirstUser(messages, llama2 ? null : "\n\n"))
        {
            if (role == ChatRoles.Assistant)
            {
                text.Append(llama2 ? " " : "").Append(content.Trim()).Append(llama2 ? " " : "").Append(_eos);
                continue;
            }

            if (!first && llama2)
            {
                text.Append("<s>");
            }

            text.Append("[INST] ").Append(content.Trim()).Append(" [/INST]");
            first = false;
        }
    }

    /// <summary>
    /// Turns for formats without a system role: the system text leads the first user turn,
    /// joined by <paramref name="separator"/>, or in a Llama 2 <c>&lt;&lt;SYS&gt;&gt;</c> block when it is null.
    /// Any role but assistant counts as the user's.
    /// </summary>
    private static List<(string Role, string Content)> WithSystemInFirstUser(IReadOnlyList<ChatMessage> messages, string? separator)
    {
        var system = string.Join("\n\n", messages.Where(m => m.Role == ChatRoles.System).Select(m => m.Content?.Trim() ?? ""));
        var turns = new List<(string, string)>();
        var pendingSystem = system.Length > 0;
        foreach (var m in messages)
        {
            if (m.Role == ChatRoles.System)
            {
                continue;
            }

            var content = m.Content ?? "";
            if (m.Role != ChatRoles.Assistant && pendingSystem)
            {
                content = separator is null
                    ? $"<<SYS>>\n{system}\n<</SYS>>\n\n{content.Trim()}"
                    : system + separator + content.Trim();
                pendingSystem = false;
            }

            turns.Add((m.Role == ChatRoles.Assistant ? ChatRoles.Assistant : ChatRoles.User, content));
        }

        if (pendingSystem)
        {
            turns.Add((ChatRoles.User, separator is null ? $"<<SYS>>\n{system}\n<</SYS>>\n\n" : system));
        }

        return turns;
    }
}
