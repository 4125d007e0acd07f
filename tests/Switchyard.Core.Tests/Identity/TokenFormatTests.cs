using Switchyard.Core.Identity;

namespace Switchyard.Core.Tests.Identity;

public sealed class TokenFormatTests
{
    [Fact]
    public void Generate_MakesDistinctTokensThatParseBackToTheirIdAndHash()
    {
        var (value, tokenId, hash) = TokenFormat.Generate();
        var (other, _, _) = TokenFormat.Generate();

        Assert.Matches("^dapi[0-9a-f]{48}$", value);
        Assert.NotEqual(value, other);
        Assert.Equal(value.Substring(4, 16), tokenId);
        Assert.True(TokenFormat.TryParse(value, out var parsedId, out var parsedHash));
        Assert.Equal(tokenId, parsedId);
        Assert.Equal(hash, parsedHash);
        Assert.Equal(TokenFormat.HashLength, hash.Length);
    }

    [Fact]
    public void TryParse_SameIdOtherSecret_GivesAnotherHash()
    {
        var (value, _, hash) = TokenFormat.Generate();
        var forged = value[..20] + new string('0', 32);
        Assert.True(TokenFormat.TryParse(forged, out _, out var forgedHash));
        Assert.NotEqual(hash, forgedHash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dapi")]
    [InlineData("dapi0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("dapi0123456789abcdef0123456789abcdef0123456789abcdef0")]
    [InlineData("dapi0123456789ABCDEF0123456789abcdef0123456789abcdef")]
    [InlineData("dapx0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("dapi0123456789abcdef0123456789abcdef0123456789abcdeg")]
    public void TryParse_RefusesAnythingOffTheFormat(string token) =>
        Assert.False(TokenFormat.TryParse(token, out _, out _));
}
