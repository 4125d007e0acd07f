using System.Text.RegularExpressions;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>
/// The shapes of the PII categories, source-generated. A shape only proposes a candidate: the
/// checks a regex cannot do well (Luhn, IBAN mod-97, SSN ranges, octets up to 255, a phone's digit
/// count) are in <see cref="PiiChecks"/>. Every shape refuses to start or end inside a longer run
/// of digits (or letters), so part of a longer number is never taken for a value of its own.
/// </summary>
internal static partial class PiiPatterns
{
    /// <summary>ASCII local@domain.tld: a local part of at most 64 characters, domain labels not starting or ending with '-', a letters-only TLD.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])",
        RegexOptions.CultureInvariant)]
    internal static partial Regex Email();

    /// <summary>
    /// International: '+', then digits with single separators (space, dot, dash) or a bracketed
    /// group, 8 to 15 digits in all (checked in code). National, separators required: (555) 123-4567,
    /// 555-123-4567, 030 1234 5678 (2–4, 3–4 and 4 digits, one separator kind), or 01 23 45 67 89.
    /// An unseparated national number, a date (its month and day groups have two digits) and a card
    /// number (four groups of four, so the run goes on) are not phones.
    /// </summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z+]|[0-9][ .-])(?:\+[1-9](?:[ .-]?(?:\([0-9]{1,4}\)|[0-9])){6,17}|\([0-9]{2,4}\)[ .-]?[0-9]{3,4}[ .-][0-9]{4}|[0-9]{2,4}([ .-])[0-9]{3,4}\1[0-9]{4}|0[1-9]([ .-])[0-9]{2}(?:\2[0-9]{2}){3})(?![0-9]|[ .-][0-9])",
        RegexOptions.CultureInvariant)]
    internal static partial Regex Phone();

    /// <summary>13 to 19 digits, each pair at most one space or dash apart; Luhn is checked in code.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z+]|[0-9][ -])[0-9](?:[ -]?[0-9]){12,18}(?![0-9]|[ -][0-9])", RegexOptions.CultureInvariant)]
    internal static partial Regex CreditCard();

    /// <summary>
    /// Two upper-case letters, two check digits, then 11 to 30 upper-case letters or digits, in
    /// groups a single space apart or not grouped; the length and mod-97 are checked in code.
    /// </summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}(?: ?[0-9A-Z]){11,30}(?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    internal static partial Regex Iban();

    /// <summary>AAA-GG-SSSS (or space-separated, the same separator twice); the ranges are checked in code.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z+]|[0-9][ -])[0-9]{3}([ -])[0-9]{2}\1[0-9]{4}(?![0-9]|[ -][0-9])", RegexOptions.CultureInvariant)]
    internal static partial Regex UsSsn();

    /// <summary>Four dot-separated groups of 1–3 digits, not part of a longer dotted run (1.2.3.4.5 is a version); octets are checked in code.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9]|\.[0-9])", RegexOptions.CultureInvariant)]
    internal static partial Regex IpAddress();

    public static Regex Of(PiiCategory category) => category switch
    {
        PiiCategory.Email => Email(),
        PiiCategory.Phone => Phone(),
        PiiCategory.CreditCard => CreditCard(),
        PiiCategory.Iban => Iban(),
        PiiCategory.UsSsn => UsSsn(),
        _ => IpAddress(),
    };
}
