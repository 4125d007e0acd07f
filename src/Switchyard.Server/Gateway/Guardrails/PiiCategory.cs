namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>The kinds of personal data the PII guardrail finds; <see cref="PiiCategories"/> gives their wire names.</summary>
public enum PiiCategory
{
    Email,
    Phone,
    CreditCard,
    Iban,
    UsSsn,
    IpAddress,
}

/// <summary>The names refusals give (<c>EMAIL</c>) and the tags masking writes (<c>[EMAIL]</c>).</summary>
public static class PiiCategories
{
    /// <summary>How many categories there are: the scanner keeps one look-ahead per category.</summary>
    public const int Count = 6;

    public static string NameOf(PiiCategory category) => category switch
    {
        PiiCategory.Email => "EMAIL",
        PiiCategory.Phone => "PHONE",
        PiiCategory.CreditCard => "CREDIT_CARD",
        PiiCategory.Iban => "IBAN",
        PiiCategory.UsSsn => "US_SSN",
        _ => "IP_ADDRESS",
    };

    public static string TagOf(PiiCategory category) => category switch
    {
        PiiCategory.Email => "[EMAIL]",
        PiiCategory.Phone => "[PHONE]",
        PiiCategory.CreditCard => "[CREDIT_CARD]",
        PiiCategory.Iban => "[IBAN]",
        PiiCategory.UsSsn => "[US_SSN]",
        _ => "[IP_ADDRESS]",
    };
}
