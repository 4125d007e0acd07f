using System.Text;
using Switchyard.Server.Gateway.Limits;

namespace Switchyard.Server.Tests.Gateway.Limits;

/// <summary>What a query reserves: its output allowance plus one token per 4 body bytes.</summary>
public sealed class TokenReservationTests
{
    [Theory]
    [InlineData("""{"messages": [], "max_tokens": 100}""", 100)]
    [InlineData("""{"messages": [], "max_completion_tokens": 70}""", 70)]
    [InlineData("""{"max_completion_tokens": 70, "messages": [{"max_tokens": 5}], "max_tokens": 90}""", 90)]
    [InlineData("""{"messages": [{"role": "user", "content": "x"}]}""", TokenReservation.DefaultMaxTokens)]
    [InlineData("""{"max_tokens": "many"}""", TokenReservation.DefaultMaxTokens)]
    [InlineData("""not json""", TokenReservation.DefaultMaxTokens)]
    [InlineData("""{"prompt": ["hi"], "max_tokens": 8, "\udc00\ud800": "x"}""", 8)] // the reader stops at a name that is not text, keeping what it read
    public void TheOutputAllowance_IsTheTopLevelMaxTokens_ElseTheDefault(string body, long allowance)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        Assert.Equal(allowance + ((bytes.Length + 3) / 4), TokenReservation.Of(bytes, embeddings: false));
    }

    [Fact]
    public void AnEmbeddingsQuery_ReservesItsInputOnly()
    {
        var bytes = """{"input": ["a", "b"], "max_tokens": 500}"""u8.ToArray();

        Assert.Equal((bytes.Length + 3) / 4, TokenReservation.Of(bytes, embeddings: true));
    }
}
