namespace Switchyard.Core.Gateway;

/// <summary>What a PII guardrail does with what it finds.</summary>
public enum PiiBehavior
{
    None,
    Block,
    Mask,
}

/// <summary>One side's guardrails (<c>guardrails.input</c> or <c>guardrails.output</c>).</summary>
/// <param name="Pii">The <c>pii.behavior</c>; <see cref="PiiBehavior.None"/> when absent.</param>
/// <param name="Safety">True when <c>safety</c> is: the server's safety word list applies.</param>
/// <param name="InvalidKeywords">Words that refuse the text (case-insensitive, whole words).</param>
/// <param name="ValidTopics">When not empty, the text must mention one of these (case-insensitive, whole words).</param>
public sealed record GuardrailParameters(PiiBehavior Pii, bool Safety, IReadOnlyList<string> InvalidKeywords, IReadOnlyList<string> ValidTopics)
{
    public static readonly GuardrailParameters None = new(PiiBehavior.None, false, [], []);

    /// <summary>True when this side checks anything.</summary>
    public bool Any => Pii != PiiBehavior.None || Safety || InvalidKeywords.Count > 0 || ValidTopics.Count > 0;
}

/// <summary><c>ai_gateway.guardrails</c>: what the model is sent, and what the caller is answered.</summary>
public sealed record GuardrailsConfig(GuardrailParameters Input, GuardrailParameters Output)
{
    public static readonly GuardrailsConfig None = new(GuardrailParameters.None, GuardrailParameters.None);

    public bool Any => Input.Any || Output.Any;
}
