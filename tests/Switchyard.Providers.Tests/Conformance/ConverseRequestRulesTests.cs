using System.Text.Json.Nodes;
using Switchyard.Testing.Providers;

namespace Switchyard.Providers.Tests.Conformance;

/// <summary>Each Converse rule the Bedrock stand-in enforces catches its violation, and a valid body passes.</summary>
public sealed class ConverseRequestRulesTests
{
    private const string Valid = """
        {"messages":[
           {"role":"user","content":[{"text":"Weather in Paris and Rome?"}]},
           {"role":"assistant","content":[{"toolUse":{"toolUseId":"a","name":"get_weather","input":{}}},{"toolUse":{"toolUseId":"b","name":"get_weather","input":{}}}]},
           {"role":"user","content":[{"toolResult":{"toolUseId":"a","content":[{"text":"sunny"}]}},{"toolResult":{"toolUseId":"b","content":[{"text":"rain"}]}}]}],
         "system":[{"text":"Be brief."}],
         "inferenceConfig":{"maxTokens":10,"temperature":1,"topP":0.9,"stopSequences":["END"]},
         "toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","inputSchema":{"json":{"type":"object"}}}}],"toolChoice":{"tool":{"name":"get_weather"}}}}
        """;

    [Fact]
    public void ValidBody_BreaksNoRule() => Assert.Empty(ConverseRequestRules.Check(JsonNode.Parse(Valid)!.AsObject()));

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]},{"role":"user","content":[{"text":"b"}]}]}""", "alternate")]
    [InlineData("""{"messages":[{"role":"assistant","content":[{"text":"a"}]}]}""", "start with a user message")]
    [InlineData("""{"messages":[{"role":"user","content":[]}]}""", "non-empty array of content blocks")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"system":[{"text":""}]}""", "system.text must have length")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"inferenceConfig":{"temperature":1.5}}""", "temperature must be a number between 0 and 1")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"inferenceConfig":{"maxTokens":0}}""", "maxTokens")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"inferenceConfig":{"topK":5}}""", "extraneous key [topK]")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"seed":1}""", "extraneous key [seed]")]
    [InlineData("""{"messages":[{"role":"user","content":[{"toolResult":{"toolUseId":"a","content":[{"text":"x"}]}}]}]}""", "toolConfig field must be defined")]
    [InlineData("""{"messages":[{"role":"user","content":[{"toolResult":{"toolUseId":"a"}}]}],"toolConfig":{"tools":[{"toolSpec":{"name":"f","inputSchema":{"json":{"type":"object"}}}}]}}""", "toolResult.content is required")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"toolConfig":{"tools":[]}}""", "toolConfig.tools must be a non-empty array")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"toolConfig":{"tools":[{"toolSpec":{"name":"f"}}]}}""", "inputSchema.json is required")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"toolConfig":{"tools":[{"toolSpec":{"name":"f","inputSchema":{"json":{"type":"object"}}}}],"toolChoice":{"none":{}}}}""", "toolChoice must set exactly one of")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"toolConfig":{"tools":[{"toolSpec":{"name":"f","inputSchema":{"json":{"type":"object"}}}}],"toolChoice":{"tool":{"name":"g"}}}}""", "must name one of the tools")]
    public void BrokenRule_IsNamed(string body, string expected)
    {
        var problems = ConverseRequestRules.Check(JsonNode.Parse(body)!.AsObject());

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
