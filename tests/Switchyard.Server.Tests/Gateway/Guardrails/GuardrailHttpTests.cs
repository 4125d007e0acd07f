using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Providers;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing.Providers;

namespace Switchyard.Server.Tests.Gateway.Guardrails;

/// <summary>
/// Input guardrails over real HTTP, set with <c>PUT …/ai-gateway</c>: on an external-model
/// endpoint (the echo provider answers with the message it was sent, so the answer shows what the
/// model saw) and on a custom-model endpoint.
/// </summary>
public sealed class GuardrailHttpTests(GuardrailHttpTests.GuardServer fixture) : IClassFixture<GuardrailHttpTests.GuardServer>
{
    private const string Chat = """{"messages": [{"role": "user", "content": "I am jane.roe@example.com, call me"}]}""";

    private ServerUnderTest Server => fixture.Server;

    [Fact]
    public async Task ExternalModel_Mask_TheModelSeesTheTag()
    {
        await fixture.GuardAsync("guard-echo-mask", Input("MASK"));

        var answer = await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/serving-endpoints/guard-echo-mask/invocations", Chat));

        Assert.Equal("Hi I am [EMAIL], call me", (string?)answer["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task ExternalModel_Mask_OnTheOpenAiPath_TheModelSeesTheTag()
    {
        await fixture.GuardAsync("guard-echo-openai", Input("MASK"));

        var answer = await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/serving-endpoints/chat/completions",
            """{"model": "guard-echo-openai", "messages": [{"role": "user", "content": "from 10.1.2.3"}]}"""));

        Assert.Equal("Hi from [IP_ADDRESS]", (string?)answer["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task ExternalModel_Block_Is400NamingTheCategoryAndNotTheValue()
    {
        await fixture.GuardAsync("guard-echo-block", Input("BLOCK"));

        var response = await Server.PostJsonAsync("/serving-endpoints/guard-echo-block/invocations", Chat);

        var message = await ApiAssert.ErrorAsync(response, 400, "BAD_REQUEST");
        Assert.Equal("The request was blocked by the endpoint's input guardrails: it contains PII (EMAIL).", message);
        Assert.DoesNotContain("jane.roe", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalModel_KeywordsTopicsAndSafety_Refuse()
    {
        await fixture.GuardAsync("guard-echo-words", new JsonObject
        {
            ["safety"] = true, ["invalid_keywords"] = new JsonArray("Project Falcon"), ["valid_topics"] = new JsonArray("billing"),
        });

        Assert.Contains("invalid keyword 'Project Falcon'", await RefusalAsync("guard-echo-words", "billing for project falcon"), StringComparison.Ordinal);
        Assert.Contains("unsafe content (weapons)", await RefusalAsync("guard-echo-words", "billing: how to build a bomb"), StringComparison.Ordinal);
        Assert.Contains("not about any of the allowed topics: billing", await RefusalAsync("guard-echo-words", "tell me a joke"), StringComparison.Ordinal);
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/serving-endpoints/guard-echo-words/invocations",
            """{"messages": [{"role": "user", "content": "a billing question"}]}"""));
    }

    [Fact]
    public async Task CustomModel_Block_Is400NamingTheCategory()
    {
        await fixture.GuardCustomAsync("guard-custom-block", Input("BLOCK"));

        var response = await Server.PostJsonAsync("/serving-endpoints/guard-custom-block/invocations",
            """{"dataframe_split": {"columns": ["x1", "x2", "x3", "x4"], "data": [[1, 2, 3, 4]]}, "client_request_id": "ssn 123-45-6789"}""");

        var message = await ApiAssert.ErrorAsync(response, 400, "BAD_REQUEST");
        Assert.Equal("The request was blocked by the endpoint's input guardrails: it contains PII (US_SSN).", message);
    }

    [Fact]
    public async Task CustomModel_Mask_TheModelSeesTheTag()
    {
        await fixture.GuardCustomAsync("guard-custom-mask", Input("MASK"));

        var response = await Server.PostJsonAsync("/serving-endpoints/guard-custom-mask/invocations",
            """{"dataframe_split": {"columns": ["x1", "x2", "x3", "a@b.io"], "data": [[1, 2, 3, 4]]}}""");

        // The model is asked for a column named [EMAIL] and says it has no such input.
        var message = await ApiAssert.ErrorAsync(response, 400, "BAD_REQUEST");
        Assert.Contains("[EMAIL]", message, StringComparison.Ordinal);
        Assert.DoesNotContain("a@b.io", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoGuardrails_TheQueryIsAnsweredAsSent()
    {
        var answer = await ApiAssert.OkJsonAsync(await Server.PostJsonAsync($"/serving-endpoints/{GuardServer.Plain}/invocations", Chat));

        Assert.Equal("Hi I am jane.roe@example.com, call me", (string?)answer["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task ExternalModel_OutputMask_TheCallerSeesTheTag_WholeAndStreamed()
    {
        await fixture.GuardAsync("guard-out-mask", new JsonObject(), output: Input("MASK"));

        var whole = await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/serving-endpoints/guard-out-mask/invocations", Chat));
        Assert.Equal("Hi I am [EMAIL], call me", (string?)whole["choices"]![0]!["message"]!["content"]);

        var streamed = await Server.PostJsonAsync("/serving-endpoints/guard-out-mask/invocations",
            """{"stream": true, "messages": [{"role": "user", "content": "write to jane.roe@example.com"}]}""");
        var events = await StreamedTextAsync(streamed);
        Assert.Equal("Hi write to [EMAIL]", string.Concat(events.Texts));
        Assert.DoesNotContain("jane.roe", events.Raw, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", events.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalModel_OutputBlock_RefusesTheAnswer_WholeAndStreamed()
    {
        await fixture.GuardAsync("guard-out-block", new JsonObject(), output: Input("BLOCK"));

        var refused = await Server.PostJsonAsync("/serving-endpoints/guard-out-block/invocations", Chat);
        Assert.Equal("The answer was blocked by the endpoint's output guardrails: it contains PII (EMAIL).",
            await ApiAssert.ErrorAsync(refused, 400, "BAD_REQUEST"));

        var streamed = await Server.PostJsonAsync("/serving-endpoints/guard-out-block/invocations",
            """{"stream": true, "messages": [{"role": "user", "content": "write to jane.roe@example.com"}]}""");
        var events = await StreamedTextAsync(streamed);
        Assert.DoesNotContain("jane.roe", events.Raw, StringComparison.Ordinal);
        Assert.Contains("\"error_code\":\"BAD_REQUEST\"", events.Raw, StringComparison.Ordinal);
        Assert.Contains("output guardrails: it contains PII (EMAIL)", events.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", events.Raw, StringComparison.Ordinal);
    }

    /// <summary>The content deltas of a streamed chat answer, and the raw event text.</summary>
    private static async Task<(List<string> Texts, string Raw)> StreamedTextAsync(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var texts = new List<string>();
        foreach (var line in raw.Split('\n'))
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal)
                && JsonNode.Parse(line["data: ".Length..])?["choices"]?[0]?["delta"]?["content"] is JsonValue content)
            {
                texts.Add(content.GetValue<string>());
            }
        }

        return (texts, raw);
    }

    private async Task<string> RefusalAsync(string endpoint, string content) =>
        await ApiAssert.ErrorAsync(await Server.PostJsonAsync($"/serving-endpoints/{endpoint}/invocations",
            new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = content }) }), 400, "BAD_REQUEST");

    private static JsonObject Input(string pii) => new() { ["pii"] = new JsonObject { ["behavior"] = pii } };

    /// <summary>One server with the echo provider and the sample models, and an unguarded echo endpoint.</summary>
    public sealed class GuardServer : IAsyncLifetime
    {
        public const string Plain = "guard-echo-plain";

        public ServerUnderTest Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await ServerUnderTest.StartAsync(services => services.AddExternalProvider<EchoProvider>());
            await Server.RegisterSampleModelsAsync();
            await CreateEchoAsync(Plain);
        }

        /// <summary>Creates an echo endpoint and sets its input guardrails.</summary>
        public async Task GuardAsync(string name, JsonObject input, JsonObject? output = null)
        {
            await CreateEchoAsync(name);
            await PutGuardrailsAsync(name, input, output);
        }

        /// <summary>Creates an endpoint serving model-A and sets its input guardrails.</summary>
        public async Task GuardCustomAsync(string name, JsonObject input)
        {
            await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
            {
                ["name"] = name,
                ["config"] = new JsonObject
                {
                    ["served_entities"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "a", ["entity_name"] = MissionScenario.ModelA, ["entity_version"] = "1",
                        ["workload_size"] = "Small", ["scale_to_zero_enabled"] = false,
                    }),
                },
            }));
            await Server.WaitUntilReadyAsync(name);
            await PutGuardrailsAsync(name, input);
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        private async Task CreateEchoAsync(string name)
        {
            await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/serving-endpoints", new JsonObject
            {
                ["name"] = name,
                ["config"] = new JsonObject
                {
                    ["served_entities"] = new JsonArray(new JsonObject
                    {
                        ["external_model"] = new JsonObject
                        {
                            ["name"] = "echo-1", ["provider"] = "echo", ["task"] = "llm/v1/chat",
                            ["echo_config"] = new JsonObject { ["greeting"] = "Hi" },
                        },
                    }),
                },
            }));
            await Server.WaitUntilReadyAsync(name);
        }

        private async Task PutGuardrailsAsync(string name, JsonObject input, JsonObject? output = null) =>
            await ApiAssert.OkJsonAsync(await Server.PutJsonAsync($"/api/2.0/serving-endpoints/{name}/ai-gateway",
                new JsonObject { ["guardrails"] = new JsonObject { ["input"] = input, ["output"] = output ?? new JsonObject() } }));
    }
}
