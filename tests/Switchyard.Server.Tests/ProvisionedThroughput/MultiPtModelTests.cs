using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.SampleModels.Gguf;
using Switchyard.Server.Tests.ExternalModels;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.ProvisionedThroughput;

/// <summary>
/// The mission's provisioned-throughput endpoint over real HTTP: two tiny GGUF models run by the
/// in-process engine behind the 60/40 split. Answers are checked by token counts and by equality
/// between runs (random weights make no sense as text).
/// </summary>
public sealed class MultiPtModelTests(MultiPtModelHost host) : IClassFixture<MultiPtModelHost>
{
    private const string InvocationsPath = "/serving-endpoints/multi-pt-model/invocations";

    [Fact]
    public async Task Split_1000ChatQueries_FollowSixtyFortyByChiSquare()
    {
        const int total = 1000;
        var counts = new int[2];
        await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            var response = await host.Server.PostJsonAsync(InvocationsPath, """{"messages": [{"role": "user", "content": "Hello"}], "max_tokens": 1}""");
            var answer = await ApiAssert.OkJsonAsync(response);
            Assert.Equal("chat.completion", (string?)answer["object"]);
            Assert.InRange((int)answer["usage"]!["completion_tokens"]!, 0, 1);
            var servedBy = response.Headers.GetValues("served-model-name").Single();
            Interlocked.Increment(ref counts[servedBy == MultiPtModelHost.Mistral ? 0 : 1]);
        });

        ChiSquare.AssertFits(counts, 0.6, 0.4);
    }

    [Theory]
    [InlineData(MultiPtModelHost.Mistral, """{"messages": [{"role": "user", "content": "Tell me a story"}], "max_tokens": 12, "temperature": 0}""")]
    [InlineData(MultiPtModelHost.Mixtral, """{"prompt": "Once upon a time", "max_tokens": 12, "temperature": 0.8, "seed": 42}""")]
    public async Task SameQueryAtTemperatureZeroOrFixedSeed_AnswersTheSameTwice(string served, string query)
    {
        var first = await QueryAsync(served, query);
        var second = await QueryAsync(served, query);

        Assert.Equal(TextOf(first), TextOf(second));
        Assert.Equal(first["usage"]!.ToJsonString(), second["usage"]!.ToJsonString());
        Assert.True((int)first["usage"]!["prompt_tokens"]! > 0);
    }

    [Fact]
    public async Task MaxTokens_EndsWithLengthAndUsageCountsEveryToken()
    {
        // The tiny Mixtral's greedy answer to this chat runs past 10 tokens (see the stream test), so 7 cuts it.
        var answer = await QueryAsync(MultiPtModelHost.Mixtral, """{"messages": [{"role": "user", "content": "Count"}], "max_tokens": 7, "temperature": 0}""");

        Assert.Equal("chat.completion", (string?)answer["object"]);
        Assert.Equal("length", (string?)answer["choices"]![0]!["finish_reason"]);
        Assert.Equal(7, (int)answer["usage"]!["completion_tokens"]!);
        Assert.Equal((int)answer["usage"]!["prompt_tokens"]! + 7, (int)answer["usage"]!["total_tokens"]!);
    }

    [Fact]
    public async Task Stop_EndsTheAnswerBeforeTheStopText()
    {
        const string prompt = """{"prompt": "The weather today", "max_tokens": 24, "temperature": 0}""";
        var whole = TextOf(await QueryAsync(MultiPtModelHost.Mistral, prompt));
        var stop = whole.Substring(whole.Length / 2, Math.Min(3, whole.Length - whole.Length / 2));
        Assert.False(string.IsNullOrWhiteSpace(stop), $"the greedy answer '{whole}' gives no stop text");

        var stopped = await QueryAsync(MultiPtModelHost.Mistral,
            new JsonObject { ["prompt"] = "The weather today", ["max_tokens"] = 24, ["temperature"] = 0, ["stop"] = new JsonArray(stop) }.ToJsonString());

        Assert.Equal("stop", (string?)stopped["choices"]![0]!["finish_reason"]);
        Assert.Equal(whole[..whole.IndexOf(stop, StringComparison.Ordinal)], TextOf(stopped));
        Assert.True((int)stopped["usage"]!["completion_tokens"]! < 24);
    }

    [Fact]
    public async Task Stream_ArrivesTokenByTokenAndAddsUpToTheWholeAnswer()
    {
        const string query = """{"messages": [{"role": "user", "content": "Count"}], "max_tokens": 10, "temperature": 0, "stream": true}""";
        var events = await SseClient.PostAsync(host.Server.Client, $"/serving-endpoints/multi-pt-model/served-models/{MultiPtModelHost.Mixtral}/invocations", query);
        var whole = await QueryAsync(MultiPtModelHost.Mixtral, query.Replace("\"stream\": true", "\"stream\": false", StringComparison.Ordinal));

        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e)!).ToList();
        Assert.True(chunks.Count >= 5, $"only {chunks.Count} chunks");
        var text = string.Concat(chunks.Where(c => c["choices"]!.AsArray().Count > 0).Select(c => (string?)c["choices"]![0]!["delta"]!["content"] ?? ""));
        Assert.Equal(TextOf(whole), text);
        Assert.Equal(10, (int)chunks.Last(c => c["usage"] is not null)["usage"]!["completion_tokens"]!);
    }

    [Fact]
    public async Task CancelledStream_FreesItsSlotAtOnce()
    {
        // Greedy, the tiny Mixtral runs on without an end-of-sequence token for this chat.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/serving-endpoints/multi-pt-model/served-models/{MultiPtModelHost.Mixtral}/invocations")
        {
            Content = new StringContent(
                """{"messages": [{"role": "user", "content": "Count"}], "max_tokens": 1500, "temperature": 0, "stream": true}""", Encoding.UTF8, "application/json"),
        };
        var response = await host.Server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: ", await reader.ReadLineAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await host.MetricAsync("llm_busy_slots", MultiPtModelHost.Mixtral));

        response.Dispose();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await host.MetricAsync("llm_busy_slots", MultiPtModelHost.Mixtral) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the cancelled stream still holds its slot");
            await Task.Delay(20);
        }

        var after = await QueryAsync(MultiPtModelHost.Mixtral, """{"messages": [{"role": "user", "content": "Count"}], "max_tokens": 2, "temperature": 0}""");
        Assert.Equal(2, (int)after["usage"]!["completion_tokens"]!);
    }

    [Fact]
    public async Task ConcurrentQueries_ShareForwardPasses()
    {
        const int queries = 8;
        const int tokens = 16;
        var before = await host.MetricAsync("llm_forward_passes_total", MultiPtModelHost.Mixtral);

        var answers = await Task.WhenAll(Enumerable.Range(0, queries).Select(_ =>
            QueryAsync(MultiPtModelHost.Mixtral, $$"""{"messages": [{"role": "user", "content": "Count"}], "max_tokens": {{tokens}}, "temperature": 0}""")));

        var passes = await host.MetricAsync("llm_forward_passes_total", MultiPtModelHost.Mixtral) - before;
        var produced = answers.Sum(a => (int)a["usage"]!["completion_tokens"]!);
        // One by one, every token would take its own pass; batched, a pass serves all running sequences.
        // Fewer than half as many passes as tokens means two or more sequences per pass on average (the
        // queries' arrivals can spread on a loaded 2-core machine, so the bound is not all 8 at once).
        Assert.Equal(queries * tokens, produced);
        Assert.True(passes < produced / 2.0, $"{passes} forward passes for {produced} tokens of {queries} concurrent queries");
    }

    [Fact]
    public async Task OpenAiSurface_ServesTheFoundationModels()
    {
        // Greedy, so the count is fixed: sampled, either tiny model may draw its end-of-sequence token
        // first and answer with no tokens at all (a CI run once did). Neither ends this chat within 3 greedily.
        var response = await host.Server.PostJsonAsync("/serving-endpoints/chat/completions",
            """{"model": "multi-pt-model", "messages": [{"role": "user", "content": "Count"}], "max_tokens": 3, "temperature": 0}""");
        var answer = await ApiAssert.OkJsonAsync(response);

        Assert.Equal("chat.completion", (string?)answer["object"]);
        Assert.Equal(3, (int)answer["usage"]!["completion_tokens"]!);
        Assert.Equal("length", (string?)answer["choices"]![0]!["finish_reason"]);
        Assert.Contains(response.Headers.GetValues("served-model-name").Single(), new[] { MultiPtModelHost.Mistral, MultiPtModelHost.Mixtral });
    }

    [Theory]
    [InlineData(MalformedGguf.NoVocab)]
    [InlineData(MalformedGguf.NoByteTokens)]
    [InlineData(MalformedGguf.TensorShapeMismatch)]
    public async Task BadGguf_IsRefusedWhileTheEndpointKeepsServing(MalformedGguf kind)
    {
        var path = Path.Combine(host.Folder, $"bad-{kind}.gguf");
        TinyLlamaModels.WriteMalformed(path, kind);
        await host.Server.PostJsonAsync("/api/2.1/unity-catalog/models", """{"catalog_name": "system", "schema_name": "ai", "name": "broken"}""");

        var refused = await host.Server.PostJsonAsync("/api/2.1/unity-catalog/models/system.ai.broken/versions",
            new JsonObject { ["source"] = path }.ToJsonString());
        await ApiAssert.ErrorAsync(refused, 400, "INVALID_PARAMETER_VALUE");

        var answer = await QueryAsync(MultiPtModelHost.Mixtral, """{"messages": [{"role": "user", "content": "Count"}], "max_tokens": 2, "temperature": 0}""");
        Assert.Equal(2, (int)answer["usage"]!["completion_tokens"]!);
    }

    private async Task<JsonObject> QueryAsync(string served, string json) =>
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync($"/serving-endpoints/multi-pt-model/served-models/{served}/invocations", json));

    private static string TextOf(JsonObject answer)
    {
        var choice = answer["choices"]![0]!;
        return (string?)choice["message"]?["content"] ?? (string?)choice["text"] ?? "";
    }
}
