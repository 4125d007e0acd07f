using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Buffers;
using Switchyard.Core.Gateway;
using Switchyard.Server.Gateway.Guardrails;

namespace Switchyard.Server.Tests.Gateway.Guardrails;

/// <summary>The JSON rewriter: which strings are text, masking inside escapes and unicode, everything else copied byte for byte.</summary>
public sealed class GuardedJsonTests
{
    [Fact]
    public void AllStrings_MasksEveryStringValue_AndCopiesTheRestByteForByte()
    {
        const string body = """{ "a@b.io": "mail a@b.io",  "n": [1, 2.50e3, true, null, ["deep", ["x 10.0.0.1"]]], "o": {"k": "v"} }""";

        var (refusal, rewritten) = Rewrite(Guards.Mask, body, JsonTexts.AllStrings);

        Assert.Null(refusal);
        Assert.Equal("""{ "a@b.io": "mail [EMAIL]",  "n": [1, 2.50e3, true, null, ["deep", ["x [IP_ADDRESS]"]]], "o": {"k": "v"} }""", rewritten);
    }

    [Fact]
    public void EscapedAndUnicodeStrings_AreReadUnescaped_AndWrittenValid()
    {
        const string body = """{"t": "caf\u00e9 \"quote\" line\nnext a\u0040b.io \u00fc\u4e16 😀"}""";

        var (_, rewritten) = Rewrite(Guards.Mask, body, JsonTexts.AllStrings);

        var text = (string?)JsonNode.Parse(rewritten!)!["t"];
        Assert.Equal("café \"quote\" line\nnext [EMAIL] ü世 😀", text);
        Assert.Contains("ü世", rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingToMask_WritesNothing()
    {
        var output = new PooledBufferWriter();
        var refusal = Guards.Mask.RewriteJson("""{"t": "clean"}"""u8, JsonTexts.AllStrings, output, out var rewritten);

        Assert.Null(refusal);
        Assert.False(rewritten);
        Assert.Equal(0, output.WrittenCount);
        output.Dispose();
    }

    [Fact]
    public void LlmRequest_ChecksMessageContentPromptAndInputOnly()
    {
        const string body = """
            {"model": "a@b.io", "messages": [
               {"role": "user", "content": "I am a@b.io", "name": "c@d.io"},
               {"role": "user", "content": [{"type": "text", "text": "call +1 555 123 4567"}, {"type": "image_url", "image_url": {"url": "http://e@f.io"}}]}],
             "tools": [{"type": "function", "function": {"name": "f", "description": "g@h.io"}}],
             "prompt": ["p 10.0.0.1", "q"], "input": "i@j.io", "user": "k@l.io"}
            """;

        var (_, rewritten) = Rewrite(Guards.Mask, body, JsonTexts.LlmRequest);

        var json = JsonNode.Parse(rewritten!)!;
        Assert.Equal("a@b.io", (string?)json["model"]);
        Assert.Equal("I am [EMAIL]", (string?)json["messages"]![0]!["content"]);
        Assert.Equal("c@d.io", (string?)json["messages"]![0]!["name"]);
        Assert.Equal("call [PHONE]", (string?)json["messages"]![1]!["content"]![0]!["text"]);
        Assert.Equal("http://e@f.io", (string?)json["messages"]![1]!["content"]![1]!["image_url"]!["url"]);
        Assert.Equal("g@h.io", (string?)json["tools"]![0]!["function"]!["description"]);
        Assert.Equal(["p [IP_ADDRESS]", "q"], json["prompt"]!.AsArray().Select(p => (string?)p));
        Assert.Equal("[EMAIL]", (string?)json["input"]);
        Assert.Equal("k@l.io", (string?)json["user"]);
    }

    [Fact]
    public void LlmRequest_KeywordOutsideTheText_DoesNotRefuse()
    {
        var guard = Guards.Input(keywords: ["secret"]);

        Assert.Null(Rewrite(guard, """{"model": "secret", "messages": [{"role": "user", "content": "hi"}]}""", JsonTexts.LlmRequest).Refusal);
        Assert.Equal("secret", Rewrite(guard, """{"messages": [{"role": "user", "content": "a secret"}]}""", JsonTexts.LlmRequest).Refusal?.Name);
    }

    [Fact]
    public void Topics_AnyTextOfTheBodyMayMentionOne()
    {
        var guard = Guards.Input(topics: ["billing"]);

        Assert.Null(Rewrite(guard, """{"messages": [{"role": "system", "content": "You help with billing."}, {"role": "user", "content": "hi"}]}""", JsonTexts.LlmRequest).Refusal);
        Assert.Equal(GuardrailKind.ValidTopics,
            Rewrite(guard, """{"messages": [{"role": "user", "content": "hi"}], "model": "billing"}""", JsonTexts.LlmRequest).Refusal?.Kind);
    }

    [Fact]
    public void Block_RefusesWithoutWriting()
    {
        var (refusal, rewritten) = Rewrite(Guards.Block, """{"inputs": {"note": ["x", "y 123-45-6789"]}}""", JsonTexts.AllStrings);

        Assert.Equal("US_SSN", refusal?.Name);
        Assert.Null(rewritten);
    }

    [Theory]
    [InlineData("""{"messages": []}""", JsonTexts.LlmRequest)]
    [InlineData("""{"model": "m", "prompt": "x"}""", JsonTexts.LlmRequest)]
    [InlineData("""{"input": ["a"]}""", JsonTexts.LlmRequest)]
    [InlineData("""{"dataframe_split": {"columns": ["messages"]}}""", JsonTexts.AllStrings)]
    [InlineData("""{"inputs": {"prompt": "x"}}""", JsonTexts.AllStrings)]
    [InlineData("""["messages"]""", JsonTexts.AllStrings)]
    public void Shape_TellsAnLlmRequestByItsTopLevelFields(string body, JsonTexts texts) =>
        Assert.Equal(texts, JsonTextShape.Of(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void MalformedJson_Throws()
    {
        using var output = new PooledBufferWriter();
        Assert.ThrowsAny<JsonException>(() => { Guards.Mask.RewriteJson("""{"a": "x@y.io",}"""u8, JsonTexts.AllStrings, output, out _); });
    }

    [Fact]
    public void OutputGuard_RewritesACustomModelAnswer()
    {
        var guard = Guards.Output(PiiBehavior.Mask);

        var (_, rewritten) = Rewrite(guard, """{"predictions": [{"label": "x@y.io", "score": 0.5}]}""", JsonTexts.AllStrings);

        Assert.Equal("""{"predictions": [{"label": "[EMAIL]", "score": 0.5}]}""", rewritten);
    }

    private static (GuardRefusal? Refusal, string? Rewritten) Rewrite(Guard guard, string body, JsonTexts texts)
    {
        using var output = new PooledBufferWriter();
        var refusal = guard.RewriteJson(Encoding.UTF8.GetBytes(body), texts, output, out var rewritten);
        return (refusal, rewritten ? Encoding.UTF8.GetString(output.WrittenMemory.Span) : null);
    }
}
