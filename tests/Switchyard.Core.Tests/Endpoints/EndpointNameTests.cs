using Switchyard.Core.Endpoints;

namespace Switchyard.Core.Tests.Endpoints;

public sealed class EndpointNameTests
{
    [Theory]
    [InlineData("multi-model", true)]
    [InlineData("a", true)]
    [InlineData("A_b-9", true)]
    [InlineData("-leading", false)]
    [InlineData("trailing_", false)]
    [InlineData("has.dot", false)]
    [InlineData("has space", false)]
    [InlineData("", false)]
    public void IsValid_FollowsTheDocumentedRule(string name, bool valid) => Assert.Equal(valid, EndpointName.IsValid(name));

    [Fact]
    public void IsValid_SixtyThreeCharactersAtMost()
    {
        Assert.True(EndpointName.IsValid(new string('a', 63)));
        Assert.False(EndpointName.IsValid(new string('a', 64)));
    }
}
