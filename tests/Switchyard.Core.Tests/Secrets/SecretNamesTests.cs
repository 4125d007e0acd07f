using Switchyard.Core.Secrets;

namespace Switchyard.Core.Tests.Secrets;

public sealed class SecretNamesTests
{
    [Theory]
    [InlineData("openai", true)]
    [InlineData("team.a@b-c_d", true)]
    [InlineData("", false)]
    [InlineData("with space", false)]
    [InlineData("a/b", false)]
    [InlineData("é", false)]
    public void IsValidScope_Alphabet(string name, bool valid) => Assert.Equal(valid, SecretNames.IsValidScope(name));

    [Theory]
    [InlineData("api_key", true)]
    [InlineData("cert.pem-2", true)]
    [InlineData("a@b", false)]
    [InlineData("a/b", false)]
    [InlineData("key\n", false)]
    public void IsValidKey_Alphabet(string name, bool valid) => Assert.Equal(valid, SecretNames.IsValidKey(name));

    [Fact]
    public void Names_AtMostOneTwentyEight()
    {
        Assert.True(SecretNames.IsValidScope(new string('s', 128)));
        Assert.False(SecretNames.IsValidScope(new string('s', 129)));
        Assert.True(SecretNames.IsValidKey(new string('k', 128)));
        Assert.False(SecretNames.IsValidKey(new string('k', 129)));
        Assert.False(SecretNames.IsValidScope(null));
    }
}
