using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Providers.Anthropic;
using Switchyard.Providers.Bedrock;
using Switchyard.Providers.Cohere;
using Switchyard.Providers.Http;
using Switchyard.Providers.OpenAi;
using static Switchyard.Providers.Tests.Models;

namespace Switchyard.Providers.Tests;

/// <summary>
/// Databricks <c>extra_params</c> go into the provider's body as given and win over our fields of
/// the same name, in every provider's writer: a caller who names every field we would write gets
/// exactly their own object, each name once (a name written twice is refused by <see cref="WrittenBody"/>).
/// </summary>
public sealed class ExtraParamsWinTests
{
    private static readonly OpenAiDialect OpenAiChat = new()
    {
        Provider = "openai",
        Auth = HeaderAuth.None,
        ChatUrl = new Uri("http://openai.invalid/v1/chat/completions"),
        BodyModel = "gpt-4o",
        StreamUsage = true,
        MaxCompletionTokens = true,
    };

    public static TheoryData<string, bool> Writers => new()
    {
        { "openai", false }, { "openai", true }, { "anthropic", false }, { "anthropic", true },
        { "cohere", false }, { "cohere", true }, { "amazon-bedrock", false },
    };

    [Theory]
    [MemberData(nameof(Writers))]
    public void CallerNamingEveryFieldWeWrite_GetsExactlyTheirOwnBody(string provider, bool stream)
    {
        var request = Every(stream);
        var ours = Body(provider, request);
        var theirs = new JsonObject();
        foreach (var (name, _) in ours)
        {
            theirs[name] = $"caller's {name}";
        }

        var written = Body(provider, request with { ExtraParams = theirs });

        Assert.True(ours.Count >= 5, ours.ToJsonString());
        Assert.True(JsonNode.DeepEquals(theirs, written), $"expected {theirs.ToJsonString()}, written {written.ToJsonString()}");
    }

    private static JsonObject Body(string provider, LlmRequest request) => provider switch
    {
        "openai" => WrittenBody.Of(w => OpenAiRequestWriter.Write(w, (OpenAiChat, request, request.Stream))),
        "anthropic" => WrittenBody.Of(w => AnthropicRequestWriter.Write(w, ("claude-3-5-sonnet", request, request.Stream))),
        "cohere" => WrittenBody.Of(w => CohereRequestWriter.WriteChatBody(w, request, "command-r")),
        "amazon-bedrock" => WrittenBody.Of(w => ConverseRequestWriter.Write(w, (request, "anthropic"))),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>A chat that sets every field the writers know: system prompt, knobs, tools and a tool choice.</summary>
    private static LlmRequest Every(bool stream) => Chat(SystemMessage("Be brief."), User("Hi")) with
    {
        MaxTokens = 64,
        Temperature = 0.5,
        TopP = 0.9,
        TopK = 40,
        Stop = ["END"],
        Seed = 7,
        Stream = stream,
        Tools = [new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "now", ["parameters"] = new JsonObject { ["type"] = "object" } } }],
        ToolChoice = JsonValue.Create("required"),
    };
}
