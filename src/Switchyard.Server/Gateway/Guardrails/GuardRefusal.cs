namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>Which guardrail refused a text.</summary>
public enum GuardrailKind
{
    Pii,
    InvalidKeyword,
    Safety,
    ValidTopics,
}

/// <summary>Which side of the query a guard watches: what the model is sent, or what the caller is answered.</summary>
public enum GuardSide
{
    Input,
    Output,
}

/// <summary>
/// Why a guard refused a text. <see cref="Name"/> is the PII category (<c>EMAIL</c>), the invalid
/// keyword as configured, or the safety category; never a value found in the text.
/// <see cref="Message"/> is what the caller is told.
/// </summary>
public sealed record GuardRefusal(GuardrailKind Kind, string Name, string Message)
{
    internal static GuardRefusal Of(GuardSide side, GuardrailKind kind, string name, IReadOnlyList<string> topics)
    {
        var reason = kind switch
        {
            GuardrailKind.Pii => $"it contains PII ({name})",
            GuardrailKind.InvalidKeyword => $"it contains the invalid keyword '{name}'",
            GuardrailKind.Safety => $"it contains unsafe content ({name})",
            _ => $"it is not about any of the allowed topics: {string.Join(", ", topics)}",
        };
        var message = side == GuardSide.Input
            ? $"The request was blocked by the endpoint's input guardrails: {reason}."
            : $"The answer was blocked by the endpoint's output guardrails: {reason}.";
        return new GuardRefusal(kind, name, message);
    }
}

/// <summary>
/// What a guard made of a text: the text to use (the same string when nothing was masked), or a
/// refusal, in which case <see cref="Text"/> is empty and nothing of the text may be sent.
/// </summary>
public readonly struct GuardResult
{
    private GuardResult(string text, GuardRefusal? refusal)
    {
        Text = text;
        Refusal = refusal;
    }

    public string Text { get; }

    public GuardRefusal? Refusal { get; }

    public bool Refused => Refusal is not null;

    internal static GuardResult Pass(string text) => new(text, null);

    internal static GuardResult Refuse(GuardRefusal refusal) => new("", refusal);
}
