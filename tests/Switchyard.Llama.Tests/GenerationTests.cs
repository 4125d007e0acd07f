using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Llama.Engine;

namespace Switchyard.Llama.Tests;

public sealed class GenerationTests
{
    private static LlmRequest Completion(string prompt, int maxTokens, double temperature = 0, long? seed = null, IReadOnlyList<string>? stop = null, int n = 1) =>
        new()
        {
            Task = LlmTask.Completions,
            Prompts = [prompt],
            MaxTokens = maxTokens,
            Temperature = temperature,
            Seed = seed,
            Stop = stop ?? [],
            N = n,
        };

    [Fact]
    public async Task Greedy_SameIdsTwice()
    {
        using var model = TinyModels.Load(TinyModels.Dense);
        var first = await EngineRuns.RunAsync(model.Engine, EngineRuns.Greedy, maxTokens: 16);
        var second = await EngineRuns.RunAsync(model.Engine, EngineRuns.Greedy, maxTokens: 16);

        Assert.NotEmpty(first.Ids);
        Assert.Equal(first.Ids, second.Ids);
    }

    [Fact]
    public async Task FixedSeed_SameIdsTwice_OtherSeedDiffers()
    {
        using var model = TinyModels.Load(TinyModels.Dense);
        var first = await EngineRuns.RunAsync(model.Engine, EngineRuns.Seeded(42), maxTokens: 24);
        var again = await EngineRuns.RunAsync(model.Engine, EngineRuns.Seeded(42), maxTokens: 24);
        var other = await EngineRuns.RunAsync(model.Engine, EngineRuns.Seeded(43), maxTokens: 24);

        Assert.Equal(first.Ids, again.Ids);
        Assert.NotEqual(first.Ids, other.Ids);
    }

    [Fact]
    public async Task FixedSeed_SameIdsWhetherAloneOrBatchedWithOthers()
    {
        using var model = TinyModels.Load(TinyModels.Dense);
        var alone = await EngineRuns.RunAsync(model.Engine, EngineRuns.Seeded(5), maxTokens: 16);
        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            EngineRuns.RunAsync(model.Engine, i == 0 ? EngineRuns.Seeded(5) : EngineRuns.Seeded((uint)(100 + i)), maxTokens: 16)));

        Assert.Equal(alone.Ids, together[0].Ids);
    }

    [Fact]
    public async Task MaxTokens_FinishesWithLength_AndCountsThem()
    {
        using var model = TinyModels.Load(TinyModels.Dense);
        var answer = await model.GenerateAsync(Completion(EngineRuns.Prompt, maxTokens: 7), default);

        var choice = Assert.Single(answer.Choices);
        Assert.Equal("length", choice.FinishReason);
        Assert.Equal(7, answer.Usage!.CompletionTokens);
    }

    [Fact]
    public async Task Usage_EqualsPromptTokensAndTokensProduced()
    {
        using var model = TinyModels.Load(TinyModels.Dense);
        var produced = await EngineRuns.RunAsync(model.Engine, EngineRuns.Seeded(9), maxTokens: 12);
        var answer = await model.GenerateAsync(Completion(EngineRuns.Prompt, maxTokens: 12, temperature: 1, seed: 9), default);

        Assert.Equal(model.Engine.Tokenize(EngineRuns.Prompt, addBos: true).Length, answer.Usage!.PromptTokens);
        Assert.Equal(produced.Ids.Count, answer.Usage.CompletionTokens);
        Assert.Equal(produced.CompletionTokens, produced.Ids.Count);
        Assert.Equal(produced.Text, answer.Choices[0].Text);
    }

    [Fact]
    public async Task Stop_EndsBeforeTheStopText_WithFinishStop()
    {
        using var model = TinyModels.Load(TinyModels.Dense);
        var full = await EngineRuns.RunAsync(model.Engine, EngineRuns.Greedy, maxTokens: 24);
        // A stop string taken from the middle of the model's own answer, spanning whatever tokens it spans.
        var at = full.Text.Length / 2;
        var stop = full.Text.Substring(at, Math.Min(3, full.Text.Length - at));
        var expected = full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)];

        var stopped = await EngineRuns.RunAsync(model.Engine, EngineRuns.Greedy, maxTokens: 24, stop: [stop]);

        Assert.Equal("stop", stopped.FinishReason);
        Assert.Equal(expected, stopped.Text);
        Assert.True(stopped.Ids.Count < full.Ids.Count);
        Assert.Equal(full.Ids.Take(stopped.Ids.Count), stopped.Ids);
    }

    [Fact]
    public async Task Streaming_YieldsSeveralChunksBeforeTheLast_WhichCarriesFinishAndUsage()
    {
        using var model = TinyModels.Load(TinyModels.Dense);
        var chunks = new List<LlmChunk>();
        await foreach (var chunk in model.StreamAsync(Completion(EngineRuns.Prompt, maxTokens: 10) with { Stream = true }, default))
        {
            chunks.Add(chunk);
        }

        Assert.True(chunks.Count >= 3, $"only {chunks.Count} chunks");
        Assert.All(chunks[..^1], c => Assert.Null(c.FinishReason));
        Assert.Equal("length", chunks[^1].FinishReason);
        Assert.Equal(10, chunks[^1].Usage!.CompletionTokens);
        var whole = await model.GenerateAsync(Completion(EngineRuns.Prompt, maxTokens: 10), default);
        Assert.Equal(whole.Choices[0].Text, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public async Task N_GivesThatManyChoices_EachSeededItsOwnWay()
    {
        using var model = TinyModels.Load(TinyModels.Dense);
        var answer = await model.GenerateAsync(Completion(EngineRuns.Prompt, maxTokens: 6, temperature: 1, seed: 3, n: 3), default);
        var again = await model.GenerateAsync(Completion(EngineRuns.Prompt, maxTokens: 6, temperature: 1, seed: 3, n: 3), default);

        Assert.Equal([0, 1, 2], answer.Choices.Select(c => c.Index));
        Assert.Equal(18, answer.Usage!.CompletionTokens);
        Assert.Equal(answer.Choices.Select(c => c.Text), again.Choices.Select(c => c.Text));
    }

    [Fact]
    public async Task PromptLongerThanTheContext_Is400NamingTheLimit()
    {
        using var model = TinyModels.Load(TinyModels.Dense);
        var prompt = string.Join(' ', Enumerable.Repeat("fox", 2000));

        var error = await Assert.ThrowsAsync<ServingException>(() => model.GenerateAsync(Completion(prompt, maxTokens: 4), default));

        Assert.Equal(ErrorCode.BadRequest, error.Code);
        Assert.Contains(model.Engine.ContextPerSlot.ToString(), error.Message);
    }

    [Fact]
    public async Task Chat_UsesTheModelTemplate_AndAnswers()
    {
        using var model = TinyModels.Load(TinyModels.Dense);
        var request = new LlmRequest
        {
            Task = LlmTask.Chat,
            Messages = [new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hello")],
            MaxTokens = 5,
            Temperature = 0,
        };

        var answer = await model.GenerateAsync(request, default);

        Assert.Equal(Chat.ChatTemplateFamily.MistralInstruct, model.Template.Family);
        Assert.Equal(model.Engine.Tokenize("[INST] Be brief.\n\nHello [/INST]", addBos: true).Length, answer.Usage!.PromptTokens);
        Assert.Equal("tiny-llama-dense", answer.Model);
        Assert.StartsWith("chatcmpl-", answer.Id);
    }

    [Fact]
    public async Task MoeModel_GeneratesDeterministically()
    {
        using var model = TinyModels.Load(TinyModels.Moe);
        var first = await EngineRuns.RunAsync(model.Engine, EngineRuns.Greedy, maxTokens: 12);
        var second = await EngineRuns.RunAsync(model.Engine, EngineRuns.Greedy, maxTokens: 12);

        Assert.NotEmpty(first.Ids);
        Assert.Equal(first.Ids, second.Ids);
        Assert.Equal("tiny-mixtral-moe", model.ModelName);
    }

    [Fact]
    public async Task EmbeddingsTask_IsRefused()
    {
        using var model = TinyModels.Load(TinyModels.Dense);
        var error = await Assert.ThrowsAsync<ServingException>(() =>
            model.GenerateAsync(new LlmRequest { Task = LlmTask.Embeddings, Inputs = ["x"] }, default));
        Assert.Contains("llm/v1/embeddings", error.Message);
    }
}
