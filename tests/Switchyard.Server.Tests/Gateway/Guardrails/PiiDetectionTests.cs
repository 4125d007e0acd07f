using Switchyard.Server.Gateway.Guardrails;

namespace Switchyard.Server.Tests.Gateway.Guardrails;

/// <summary>Each PII detector: values in the formats people write them, and look-alikes that are not values.</summary>
public sealed class PiiDetectionTests
{
    [Theory]
    [InlineData("mail john.doe@example.com today", "mail [EMAIL] today")]
    [InlineData("<a.b+tag@sub.example.co.uk>", "<[EMAIL]>")]
    [InlineData("Reach me at JOHN_DOE99@Example.ORG.", "Reach me at [EMAIL].")]
    [InlineData("two: a@b.io, c%d@e-f.net", "two: [EMAIL], [EMAIL]")]
    public void Email_IsMasked(string text, string masked) => Assert.Equal(masked, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("user@localhost")]
    [InlineData("@example.com")]
    [InlineData("john@example.c")]
    [InlineData("not an address: john at example dot com")]
    public void NotAnEmail_IsLeftAlone(string text) => Assert.Equal(text, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("call +1 555 123 4567 now", "call [PHONE] now")]
    [InlineData("call +1-555-123-4567", "call [PHONE]")]
    [InlineData("call +44 20 7946 0958", "call [PHONE]")]
    [InlineData("call +49 (0)30 1234567", "call [PHONE]")]
    [InlineData("call +15551234567", "call [PHONE]")]
    [InlineData("call (555) 123-4567", "call [PHONE]")]
    [InlineData("call (555)123-4567", "call [PHONE]")]
    [InlineData("call 555-123-4567.", "call [PHONE].")]
    [InlineData("call 555.123.4567", "call [PHONE]")]
    [InlineData("ruf 030 1234 5678 an", "ruf [PHONE] an")]
    [InlineData("appelle 01 23 45 67 89", "appelle [PHONE]")]
    public void Phone_IsMasked(string text, string masked) => Assert.Equal(masked, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("on 2024-01-15 at noon")]
    [InlineData("on 15.01.2024")]
    [InlineData("order 5551234567")]
    [InlineData("total 12.345.678 units")]
    [InlineData("+12 is a score")]
    [InlineData("+1234567890123456789 is too long")]
    [InlineData("version 1.2.3")]
    public void NotAPhone_IsLeftAlone(string text) => Assert.Equal(text, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("card 4111111111111111 ok", "card [CREDIT_CARD] ok")]
    [InlineData("card 4111 1111 1111 1111", "card [CREDIT_CARD]")]
    [InlineData("card 4111-1111-1111-1111.", "card [CREDIT_CARD].")]
    [InlineData("amex 3782 822463 10005", "amex [CREDIT_CARD]")]
    [InlineData("visa: 4222222222222", "visa: [CREDIT_CARD]")]
    public void LuhnValidCard_IsMasked(string text, string masked) => Assert.Equal(masked, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("card 4111111111111112")]
    [InlineData("card 4111 1111 1111 1112")]
    [InlineData("id 1234567890123")]
    [InlineData("run 41111111111111110000000")]
    public void NonLuhnOrTooLongNumber_IsNotACard(string text) => Assert.Equal(text, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("pay DE89 3704 0044 0532 0130 00 please", "pay [IBAN] please")]
    [InlineData("pay DE89370400440532013000", "pay [IBAN]")]
    [InlineData("GB82 WEST 1234 5698 7654 32 OK", "[IBAN] OK")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606.", "[IBAN].")]
    [InlineData("NO9386011117947", "[IBAN]")]
    public void Iban_IsMasked(string text, string masked) => Assert.Equal(masked, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("pay DE88 3704 0044 0532 0130 00")]
    [InlineData("pay DE89370400440532013001")]
    [InlineData("code AB12 CDEF GHIJ KLMN")]
    public void BadChecksumIban_IsLeftAlone(string text) => Assert.Equal(text, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("ssn 123-45-6789", "ssn [US_SSN]")]
    [InlineData("ssn 078 05 1120.", "ssn [US_SSN].")]
    [InlineData("ssn 665-01-0001", "ssn [US_SSN]")]
    public void Ssn_IsMasked(string text, string masked) => Assert.Equal(masked, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("000-12-3456")]
    [InlineData("666-12-3456")]
    [InlineData("900-12-3456")]
    [InlineData("999-12-3456")]
    [InlineData("123-00-4567")]
    [InlineData("123-45-0000")]
    [InlineData("123-45 6789")]
    [InlineData("1123-45-6789")]
    public void SsnInAnInvalidRange_IsLeftAlone(string text) => Assert.Equal(text, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("host 192.168.1.10 up", "host [IP_ADDRESS] up")]
    [InlineData("0.0.0.0 and 255.255.255.255.", "[IP_ADDRESS] and [IP_ADDRESS].")]
    [InlineData("(10.0.0.1)", "([IP_ADDRESS])")]
    public void Ipv4_IsMasked(string text, string masked) => Assert.Equal(masked, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.999")]
    [InlineData("version 1.2.3.4.5")]
    [InlineData("v1.2.3.4")]
    [InlineData("1.2.3")]
    public void NotAnIpv4_IsLeftAlone(string text) => Assert.Equal(text, Guards.Mask.Check(text).Text);

    [Theory]
    [InlineData("write to a@b.io", "EMAIL")]
    [InlineData("call +1 555 123 4567", "PHONE")]
    [InlineData("card 4111 1111 1111 1111", "CREDIT_CARD")]
    [InlineData("DE89 3704 0044 0532 0130 00", "IBAN")]
    [InlineData("ssn 123-45-6789", "US_SSN")]
    [InlineData("host 10.0.0.1", "IP_ADDRESS")]
    public void Block_RefusesNamingTheCategoryAndNotTheValue(string text, string category)
    {
        var result = Guards.Block.Check(text);

        Assert.True(result.Refused);
        Assert.Equal((GuardrailKind.Pii, category), (result.Refusal!.Kind, result.Refusal.Name));
        Assert.Equal($"The request was blocked by the endpoint's input guardrails: it contains PII ({category}).", result.Refusal.Message);
        Assert.Equal("", result.Text);
    }

    [Fact]
    public void Mask_TagsEveryCategoryInOneText()
    {
        var text = "a@b.io, +1 555 123 4567, 4111 1111 1111 1111, DE89 3704 0044 0532 0130 00, 123-45-6789, 10.0.0.1";

        Assert.Equal("[EMAIL], [PHONE], [CREDIT_CARD], [IBAN], [US_SSN], [IP_ADDRESS]", Guards.Mask.Check(text).Text);
    }

    [Fact]
    public void CleanText_PassesAsTheSameString()
    {
        var text = "Nothing personal here, just 42 apples and 3.5 pears.";

        var result = Guards.Mask.Check(text);

        Assert.Same(text, result.Text);
        Assert.False(result.Refused);
    }
}
