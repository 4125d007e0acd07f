namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>
/// What decides that a candidate <see cref="PiiPatterns"/> proposed is a value: a card number
/// passes Luhn, an IBAN's mod-97 is 1, an SSN is outside the ranges never issued, each IPv4 octet
/// is at most 255, an international phone number has 8 to 15 digits.
/// </summary>
internal static class PiiChecks
{
    /// <summary>True when the candidate is a value; <paramref name="length"/> may shrink (an IBAN's greedy shape can take a following word).</summary>
    public static bool Accept(PiiCategory category, ReadOnlySpan<char> candidate, out int length)
    {
        length = candidate.Length;
        return category switch
        {
            PiiCategory.Phone => candidate[0] != '+' || DigitCount(candidate) is >= 8 and <= 15,
            PiiCategory.CreditCard => Luhn(candidate),
            PiiCategory.Iban => IbanLength(candidate, out length),
            PiiCategory.UsSsn => SsnIssuable(candidate),
            PiiCategory.IpAddress => OctetsInRange(candidate),
            _ => true,
        };
    }

    /// <summary>The Luhn check over the digits, separators skipped.</summary>
    public static bool Luhn(ReadOnlySpan<char> number)
    {
        var sum = 0;
        var doubled = false;
        for (var i = number.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(number[i]))
            {
                continue;
            }

            var digit = number[i] - '0';
            if (doubled)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    /// <summary>
    /// The longest prefix of the candidate, ending where a group ends, that is an IBAN: 15 to 34
    /// characters (spaces aside) whose mod-97 is 1.
    /// </summary>
    private static bool IbanLength(ReadOnlySpan<char> candidate, out int length)
    {
        for (var end = candidate.Length; end > 0; end--)
        {
            if (end < candidate.Length && candidate[end] != ' ')
            {
                continue;
            }

            var characters = end - candidate[..end].Count(' ');
            if (characters is >= 15 and <= 34 && Mod97(candidate[..end]) == 1)
            {
                length = end;
                return true;
            }
        }

        length = 0;
        return false;
    }

    /// <summary>ISO 13616: the first four characters moved to the end, letters as 10–35, the number mod 97 (spaces skipped).</summary>
    public static int Mod97(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        var seen = 0;
        foreach (var c in iban)
        {
            if (c != ' ' && seen++ >= 4)
            {
                remainder = Mod97Step(remainder, c);
            }
        }

        seen = 0;
        foreach (var c in iban)
        {
            if (c != ' ' && seen++ < 4)
            {
                remainder = Mod97Step(remainder, c);
            }
        }

        return remainder;
    }

    private static int Mod97Step(int remainder, char c) =>
        char.IsAsciiDigit(c) ? (remainder * 10 + (c - '0')) % 97 : (remainder * 100 + (c - 'A' + 10)) % 97;

    /// <summary>Not area 000, 666 or 9xx, not group 00, not serial 0000.</summary>
    private static bool SsnIssuable(ReadOnlySpan<char> ssn)
    {
        var area = ssn[..3];
        return area is not "000" and not "666" && area[0] != '9' && ssn.Slice(4, 2) is not "00" && ssn[7..] is not "0000";
    }

    private static bool OctetsInRange(ReadOnlySpan<char> address)
    {
        foreach (var range in address.Split('.'))
        {
            if (int.Parse(address[range], System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    private static int DigitCount(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }
}
