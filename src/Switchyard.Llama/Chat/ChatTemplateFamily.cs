namespace Switchyard.Llama.Chat;

/// <summary>
/// The prompt formats the engine renders chat messages in. A model's GGUF
/// <c>tokenizer.chat_template</c> (Jinja) is not interpreted: the family is recognised by the
/// markers its template writes, and the family's format is rendered in code.
/// </summary>
public enum ChatTemplateFamily
{
    /// <summary>No template, or one we do not recognise: plain <c>&lt;|role|&gt;</c> lines.</summary>
    Fallback,

    /// <summary><c>&lt;|im_start|&gt;role\n…&lt;|im_end|&gt;</c> (Qwen, OpenHermes, many fine-tunes).</summary>
    ChatMl,

    /// <summary><c>[INST] … [/INST]</c> without a system block (Mistral, Mixtral Instruct): a system message leads the first user turn.</summary>
    MistralInstruct,

    /// <summary><c>[INST] &lt;&lt;SYS&gt;&gt;…&lt;&lt;/SYS&gt;&gt; … [/INST]</c> (Llama 2 chat).</summary>
    Llama2,

    /// <summary><c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\n…&lt;|eot_id|&gt;</c> (Llama 3.x).</summary>
    Llama3,

    /// <summary><c>&lt;start_of_turn&gt;user\n…&lt;end_of_turn&gt;</c> (Gemma): assistant is <c>model</c>, system leads the first user turn.</summary>
    Gemma,

    /// <summary><c>&lt;|user|&gt;\n…&lt;|end|&gt;</c> (Phi-3).</summary>
    Phi3,
}
