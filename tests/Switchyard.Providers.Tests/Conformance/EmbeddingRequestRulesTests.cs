using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Server.Drivers.Llm;
using Switchyard.Providers.Bedrock;
using Switchyard.Providers.VertexAi;
using Switchyard.Testing.Providers;

namespace Switchyard.Providers.Tests.Conformance;

/// <summary>
/// The embedding bodies we send (Vertex AI <c>:predict</c>, Bedrock Titan and Cohere Embed) keep
/// their services' rules, and each rule the stand-ins enforce catches its violation.
/// </summary>
public sealed class EmbeddingRequestRulesTests
{
    private static LlmRequest Embeddings(string json) =>
        LlmRequestReader.Read(System.Text.Encoding.UTF8.GetBytes(json), LlmTask.Embeddings, "e");

    [Fact]
    public void OurBodies_BreakNoRule()
    {
        var request = Embeddings("""{"input": ["first", "second"]}""");

        Assert.Empty(EmbeddingRequestRules.CheckVertexPredict(WrittenBody.Of(w => GeminiRequestWriter.WritePredictBody(w, request))));
        Assert.Empty(EmbeddingRequestRules.CheckTitan(WrittenBody.Of(w => BedrockEmbeddingWire.WriteTitanBody(w, "first"))));
        Assert.Empty(EmbeddingRequestRules.CheckBedrockCohere(WrittenBody.Of(w => BedrockEmbeddingWire.WriteCohereBody(w, request))));
        // Vertex AI's own knobs, passed through extra_params, are fields it knows.
        var tuned = Embeddings("""{"input": ["a"], "extra_params": {"parameters": {"autoTruncate": false, "outputDimensionality": 256}}}""");
        Assert.Empty(EmbeddingRequestRules.CheckVertexPredict(WrittenBody.Of(w => GeminiRequestWriter.WritePredictBody(w, tuned))));
    }

    [Theory]
    [InlineData("""{"instances": []}""", "instances is required")]
    [InlineData("""{"instances": [{"text": "a"}]}""", "instances[0].content is required")]
    [InlineData("""{"instances": [{"content": "a", "task_type": "SEARCH"}]}""", "task_type must be one of")]
    [InlineData("""{"instances": [{"content": "a"}], "parameters": {"outputDimensionality": 0}}""", "outputDimensionality must be a positive integer")]
    [InlineData("""{"instances": [{"content": "a"}], "parameters": {"dimensions": 8}}""", "Unknown name \"parameters.dimensions\"")]
    [InlineData("""{"instances": [{"content": "a"}], "model": "m"}""", "Unknown name \"model\"")]
    public void BrokenVertexPredictRule_IsNamed(string body, string expected) =>
        Assert.Contains(EmbeddingRequestRules.CheckVertexPredict(JsonNode.Parse(body)!.AsObject()), p => p.Contains(expected, StringComparison.Ordinal));

    [Theory]
    [InlineData("""{"inputText": ""}""", "required key [inputText]")]
    [InlineData("""{"inputText": "a", "dimensions": 300}""", "#/dimensions")]
    [InlineData("""{"inputText": "a", "texts": ["a"]}""", "extraneous key [texts]")]
    public void BrokenTitanRule_IsNamed(string body, string expected) =>
        Assert.Contains(EmbeddingRequestRules.CheckTitan(JsonNode.Parse(body)!.AsObject()), p => p.Contains(expected, StringComparison.Ordinal));

    [Theory]
    [InlineData("""{"input_type": "search_document"}""", "#/texts")]
    [InlineData("""{"texts": ["a"]}""", "#/input_type")]
    [InlineData("""{"texts": ["a"], "input_type": "query"}""", "#/input_type")]
    [InlineData("""{"texts": ["a"], "input_type": "search_query", "inputText": "a"}""", "extraneous key [inputText]")]
    public void BrokenBedrockCohereRule_IsNamed(string body, string expected) =>
        Assert.Contains(EmbeddingRequestRules.CheckBedrockCohere(JsonNode.Parse(body)!.AsObject()), p => p.Contains(expected, StringComparison.Ordinal));
}
