using System.Text.Json.Nodes;
using Switchyard.Testing.Providers;

namespace Switchyard.Providers.Tests.Conformance;

/// <summary>Each Cohere rule the stand-in enforces catches its violation, and a valid body passes.</summary>
public sealed class CohereRequestRulesTests
{
    private const string Valid = """
        {"model":"command-r","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},
           {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"now","arguments":"{}"}}]},
           {"role":"tool","tool_call_id":"c1","content":"noon"}],
         "p":0.99,"k":500,"temperature":0.3,"max_tokens":10,"stop_sequences":["END"],"seed":4,
         "tools":[{"type":"function","function":{"name":"now","description":"Time.","parameters":{"type":"object","properties":{}}}}],
         "strict_tools":true,"tool_choice":"REQUIRED"}
        """;

    [Fact]
    public void ValidBody_BreaksNoRule() => Assert.Empty(CohereRequestRules.CheckChat(JsonNode.Parse(Valid)!.AsObject()));

    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"}],"p":1}""", "p must be between 0.01 and 0.99")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"}],"p":0}""", "p must be between 0.01 and 0.99")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"}],"k":501}""", "k must be between 0 and 500")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"}],"temperature":-1}""", "temperature must be between")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"}],"stop_sequences":["1","2","3","4","5","6"]}""", "up to 5 strings")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}]}""", "model is required")]
    [InlineData("""{"model":"m","messages":[]}""", "messages must be a non-empty array")]
    [InlineData("""{"model":"m","messages":[{"role":"developer","content":"a"}]}""", "needs a role")]
    [InlineData("""{"model":"m","messages":[{"role":"tool","content":"a"}]}""", "tool_call_id")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"}],"top_p":0.5}""", "unknown field 'top_p'")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"}],"tools":[{"type":"function","function":{"name":"f"}}]}""", "parameters is required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"}],"tools":[{"type":"function","function":{"name":"f","parameters":{},"strict":true}}]}""", "unknown field 'strict'")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"}],"tool_choice":"auto"}""", "tool_choice must be REQUIRED or NONE")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"}],"tool_choice":"NONE"}""", "tool_choice needs tools")]
    public void BrokenChatRule_IsNamed(string body, string expected)
    {
        var problems = CohereRequestRules.CheckChat(JsonNode.Parse(body)!.AsObject());

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"model":"m","texts":["a"],"embedding_types":["float"]}""", "input_type is required")]
    [InlineData("""{"model":"m","texts":["a"],"input_type":"documents","embedding_types":["float"]}""", "input_type is required")]
    [InlineData("""{"model":"m","texts":[],"input_type":"search_query","embedding_types":["float"]}""", "texts must be")]
    public void BrokenEmbedRule_IsNamed(string body, string expected)
    {
        var problems = CohereRequestRules.CheckEmbed(JsonNode.Parse(body)!.AsObject());

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
