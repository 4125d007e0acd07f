using System.Text;
using Switchyard.Providers.Bedrock;

namespace Switchyard.Providers.Tests.Bedrock;

/// <summary>The signer against AWS's published SigV4 test suite (credentials AKIDEXAMPLE, 2015-08-30, us-east-1, service "service").</summary>
public sealed class SigV4SignerTests
{
    private static readonly SigV4Credentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private const string Date = "20150830T123600Z";

    private static string Sign(string method, string path, string query, string body = "") =>
        SigV4Signer.Authorization(
            Example, "us-east-1", "service", method, path, query,
            [new("Host", "example.amazonaws.com"), new("X-Amz-Date", Date)],
            Encoding.UTF8.GetBytes(body),
            Date);

    [Fact]
    public void Authorization_GetVanilla_MatchesAwsTestSuite() =>
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            Sign("GET", "/", ""));

    [Fact]
    public void Authorization_PostVanilla_MatchesAwsTestSuite() =>
        Assert.EndsWith("Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", Sign("POST", "/", ""));

    [Fact]
    public void Authorization_QueryOrderKeyCase_SortsParametersAsTheSuiteDoes() =>
        Assert.EndsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", Sign("GET", "/", "Param2=value2&Param1=value1"));

    [Fact]
    public void CanonicalPath_EscapedModelId_IsEncodedAgain() =>
        Assert.Equal("/model/anthropic.claude-v2%253A1/converse", SigV4Signer.CanonicalPath("/model/anthropic.claude-v2%3A1/converse"));

    [Fact]
    public void Authorization_DifferentSecret_ChangesTheSignature()
    {
        var other = SigV4Signer.Authorization(
            Example with { SecretAccessKey = "another" }, "us-east-1", "service", "GET", "/", "",
            [new("host", "example.amazonaws.com"), new("x-amz-date", Date)], [], Date);
        Assert.NotEqual(Sign("GET", "/", ""), other);
        Assert.DoesNotContain("another", other, StringComparison.Ordinal);
    }

    [Fact]
    public void AmzDate_IsBasicIso8601Utc() =>
        Assert.Equal(Date, SigV4Signer.AmzDate(new DateTimeOffset(2015, 8, 30, 14, 36, 0, TimeSpan.FromHours(2))));
}
