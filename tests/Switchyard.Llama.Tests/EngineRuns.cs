using Switchyard.Llama.Engine;

namespace Switchyard.Llama.Tests;

/// <summary>Drives an engine directly and collects token ids, as the tests assert on ids, not text.</summary>
public static class EngineRuns
{
    public const string Prompt = "the quick brown fox";

    public sealed record ChoiceRun(List<int> Ids, string Text, string? FinishReason, int CompletionTokens);

    public static SamplingSettings Greedy => new(0f, 1f, 0, 0);

    public static SamplingSettings Seeded(uint seed) => new(1f, 1f, 0, seed);

    public static async Task<ChoiceRun> RunAsync(LlmEngine engine, SamplingSettings sampling, int maxTokens, IReadOnlyList<string>? stop = null, string prompt = Prompt, CancellationToken ct = default)
    {
        var request = new GenerationRequest([new ChoiceRequest(0, engine.Tokenize(prompt, addBos: true), sampling)], maxTokens, stop ?? []);
        var events = await engine.SubmitAsync(request, ct);
        var ids = new List<int>();
        var text = new System.Text.StringBuilder();
        string? finish = null;
        var completion = 0;
        await foreach (var e in events.ReadAllAsync(ct))
        {
            Assert.Null(e.Error);
            text.Append(e.Text);
            if (e.IsToken)
            {
                ids.Add(e.TokenId);
            }
            else
            {
                finish = e.FinishReason;
                completion = e.CompletionTokens;
            }
        }

        return new ChoiceRun(ids, text.ToString(), finish, completion);
    }
}
