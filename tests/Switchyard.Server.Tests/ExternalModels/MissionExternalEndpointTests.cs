using System.Text.Json.Nodes;

namespace Switchyard.Server.Tests.ExternalModels;

/// <summary>
/// The mission's third example: one chat endpoint, 50% to OpenAI gpt-4 and 50% to Anthropic
/// claude-3-opus, keys from secrets; here the providers are loopback stand-ins that check each
/// provider's wire format.
/// </summary>
public sealed class MissionExternalEndpointTests
{
    [Fact]
    public async Task MissionEndpoint_2000ChatQueries_SplitFiftyFiftyByChiSquareAndAnswerInOneSchema()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();
        const int total = 2000;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var client = host.Server.Client;

        await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            var response = await host.Server.PostJsonAsync("/serving-endpoints/mix-chat-endpoint/invocations", ExternalModelHost.ChatQuery);
            var answer = await ApiAssert.OkJsonAsync(response);
            var servedBy = response.Headers.GetValues("served-model-name").Single();
            Assert.Equal("chat.completion", (string?)answer["object"]);
            Assert.Equal("assistant", (string?)answer["choices"]![0]!["message"]!["role"]);
            Assert.False(string.IsNullOrEmpty((string?)answer["choices"]![0]!["message"]!["content"]));
            Assert.Equal("stop", (string?)answer["choices"]![0]!["finish_reason"]);
            Assert.True((int)answer["usage"]!["total_tokens"]! > 0);
            lock (counts)
            {
                counts[servedBy] = counts.GetValueOrDefault(servedBy) + 1;
            }
        });

        var openAi = counts.GetValueOrDefault("served_model_name_1");
        var anthropic = counts.GetValueOrDefault("served_model_name_2");
        Assert.Equal(total, openAi + anthropic);
        ChiSquare.AssertFits([openAi, anthropic], 0.5, 0.5);
        // Each provider saw exactly the queries the header says it answered, in its own format.
        Assert.Equal(openAi, host.OpenAi.Requests.Count);
        Assert.Equal(anthropic, host.Anthropic.Requests.Count);
        Assert.Equal("gpt-4", (string?)host.OpenAi.LastRequest.Body!["model"]);
        Assert.Equal("claude-3-opus-20240229", (string?)host.Anthropic.LastRequest.Body!["model"]);
        Assert.Equal("Be brief.", (string?)host.Anthropic.LastRequest.Body!["system"]);
        Assert.Equal(64, (int)host.Anthropic.LastRequest.Body!["max_tokens"]!);
        // Both stand-ins held every one of the 2000 requests to their provider's official definition.
        Assert.Empty(host.OpenAi.Violations);
        Assert.Empty(host.Anthropic.Violations);
    }

    [Theory]
    [InlineData("served_model_name_1", "stop_sequences")]
    [InlineData("served_model_name_2", "n")]
    public async Task MissionEndpoint_StandInsCheckEveryRequest_AFieldTheProviderLacksIsRefused(string served, string field)
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();

        // extra_params go to the provider as they are, so a field its definition lacks reaches the stand-in.
        var response = await host.Server.PostJsonAsync($"/serving-endpoints/mix-chat-endpoint/served-models/{served}/invocations",
            $$$"""{"messages": [{"role": "user", "content": "Hi"}], "extra_params": {"{{{field}}}": 2}}""");

        var message = await ApiAssert.ErrorAsync(response, 400, "BAD_REQUEST");
        Assert.Contains(field, message, StringComparison.Ordinal);
        var violations = served == "served_model_name_1" ? host.OpenAi.Violations : host.Anthropic.Violations;
        Assert.Contains(field, Assert.Single(violations), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("served_model_name_1")]
    [InlineData("served_model_name_2")]
    public async Task MissionEndpoint_EveryRequestKeepsTheProvidersRules_WholeStreamedAndWithTools(string served)
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();
        var path = $"/serving-endpoints/mix-chat-endpoint/served-models/{served}/invocations";
        const string Tools = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\"}}}]";

        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync(path,
            """{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}], "max_completion_tokens": 20, "temperature": 0.5, "top_p": 0.9, "stop": ["."]}"""));
        await SseClient.PostAsync(host.Server.Client, path, """{"messages": [{"role": "user", "content": "Hi"}], "stream": true}""");
        var call = await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync(path,
            $$"""{"messages": [{"role": "user", "content": "Weather?"}], {{Tools}}, "tool_choice": "required"}"""));
        var toolCalls = call["choices"]![0]!["message"]!["tool_calls"]!.ToJsonString();
        var id = (string?)call["choices"]![0]!["message"]!["tool_calls"]![0]!["id"];
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync(path,
            $$"""{"messages": [{"role": "user", "content": "Weather?"}, {"role": "assistant", "content": null, "tool_calls": {{toolCalls}}}, {"role": "tool", "content": "sunny", "tool_call_id": "{{id}}"}], {{Tools}}}"""));

        var standIn = served == "served_model_name_1" ? (Switchyard.Testing.Providers.ProviderStandIn)host.OpenAi : host.Anthropic;
        Assert.Equal(4, standIn.Requests.Count);
        Assert.Empty(standIn.Violations);
    }

    [Fact]
    public async Task MissionEndpoint_Answers_NeverShowTheKeys()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();

        var detail = await (await host.Server.Client.GetAsync("/api/2.0/serving-endpoints/mix-chat-endpoint")).Content.ReadAsStringAsync();
        var list = await (await host.Server.Client.GetAsync("/api/2.0/serving-endpoints")).Content.ReadAsStringAsync();

        foreach (var text in new[] { detail, list })
        {
            Assert.DoesNotContain(host.OpenAi.ApiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(host.Anthropic.ApiKey, text, StringComparison.Ordinal);
        }

        Assert.Contains("{{secrets/my_openai_secret_scope/openai_api_key}}", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("served_model_name_1")]
    [InlineData("served_model_name_2")]
    public async Task ServedModelPath_StreamsSeveralChunksThenDone(string served)
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();

        var events = await SseClient.PostAsync(host.Server.Client,
            $"/serving-endpoints/mix-chat-endpoint/served-models/{served}/invocations",
            """{"messages": [{"role": "user", "content": "Say hello."}], "stream": true}""");

        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e)!).ToList();
        Assert.True(chunks.Count >= 3, $"only {chunks.Count} chunks");
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        var choices = chunks.Where(c => c["choices"]!.AsArray().Count > 0).Select(c => c["choices"]![0]!).ToList();
        Assert.Equal(host.OpenAi.Reply, string.Concat(choices.Select(c => (string?)c["delta"]!["content"] ?? "")));
        Assert.Equal("stop", (string?)choices[^1]["finish_reason"]);
        Assert.True((int)chunks.Last(c => c["usage"] is not null)["usage"]!["completion_tokens"]! > 0);
    }
}
