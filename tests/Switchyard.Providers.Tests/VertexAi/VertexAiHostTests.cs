using Switchyard.Providers.VertexAi;

namespace Switchyard.Providers.Tests.VertexAi;

/// <summary>Which public host a Vertex AI region is reached at.</summary>
public sealed class VertexAiHostTests
{
    [Theory]
    [InlineData("us-central1", "https://us-central1-aiplatform.googleapis.com")]
    [InlineData("europe-west4", "https://europe-west4-aiplatform.googleapis.com")]
    [InlineData("global", "https://aiplatform.googleapis.com")]
    public void PublicBaseUrl_IsRegionalButUnprefixedForGlobal(string region, string expected) =>
        Assert.Equal(expected, VertexAiModel.PublicBaseUrl(region));
}
