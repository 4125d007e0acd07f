using System.Text.Json.Nodes;
using Switchyard.Testing.Providers;

namespace Switchyard.Providers.Tests.Conformance;

/// <summary>Each Gemini rule the Vertex AI stand-in enforces catches its violation, and a valid body passes.</summary>
public sealed class GeminiRequestRulesTests
{
    private const string Valid = """
        {"contents":[{"role":"user","parts":[{"text":"Weather?"}]},
                     {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{}}}]},
                     {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"content":"sunny"}}}]}],
         "systemInstruction":{"parts":[{"text":"Be brief."}]},
         "generationConfig":{"temperature":0.5,"topP":0.9,"seed":7,"candidateCount":2},
         "tools":[{"functionDeclarations":[
             {"name":"get_weather","parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}},"additionalProperties":false}},
             {"name":"now","parameters":{"type":"OBJECT","properties":{"zone":{"type":"STRING"}}}}]}],
         "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}}
        """;

    [Fact]
    public void ValidBody_BreaksNoRule() => Assert.Empty(GeminiRequestRules.Check(JsonNode.Parse(Valid)!.AsObject()));

    [Theory]
    [InlineData("""{"contents":[]}""", "contents must be a non-empty array")]
    [InlineData("""{"contents":[{"role":"assistant","parts":[{"text":"a"}]}]}""", "valid role")]
    [InlineData("""{"contents":[{"role":"user","parts":[]}]}""", "empty parts")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a","functionCall":{"name":"f"}}]}]}""", "exactly one of")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a"}]}],"generationConfig":{"seed":4294967296}}""", "TYPE_INT32")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a"}]}],"generationConfig":{"temperature":2.5}}""", "temperature")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a"}]}],"generationConfig":{"max_tokens":5}}""", "Unknown name \"max_tokens\"")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a"}]}],"tools":[{"functionDeclarations":[{"name":"f","strict":true}]}]}""", "Unknown name \"strict\"")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a"}]}],"tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"object"}}]}]}""", "Invalid value at 'tools.function_declarations.parameters.type'")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a"}]}],"tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT","$schema":"x"}}]}]}""", "Unknown name \"$schema\"")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a"}]}],"tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT"},"parametersJsonSchema":{"type":"object"}}]}]}""", "mutually exclusive")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a"}]}],"tools":[{"functionDeclarations":[{"name":"1f"}]}]}""", "must start with a letter")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a"}]}],"tools":[{"functionDeclarations":[{"name":"f"}]}],"toolConfig":{"functionCallingConfig":{"mode":"AUTO","allowedFunctionNames":["f"]}}}""", "only be set with mode ANY")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a"}]}],"toolConfig":{"functionCallingConfig":{"mode":"REQUIRED"}}}""", "function_calling_config.mode")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"functionResponse":{"name":"f"}}]}]}""", "function_response needs a name and a response")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f"}},{"functionCall":{"name":"f"}}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{}}}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{}}}]}]}""", "number of function response parts")]
    public void BrokenRule_IsNamed(string body, string expected)
    {
        var problems = GeminiRequestRules.Check(JsonNode.Parse(body)!.AsObject());

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
