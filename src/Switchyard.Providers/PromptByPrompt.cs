using Switchyard.Core.Errors;
using Switchyard.Core.Llm;

namespace Switchyard.Providers;

/// <summary>
/// Completions with several prompts on providers that have no completions call of their own
/// (Cohere, Gemini, Bedrock Converse): each prompt is a conversation of its own, so it gets its
/// own call, and the answers are put together as OpenAI orders them (prompt by prompt, then choice
/// by choice). Sending all the prompts as one conversation would answer only the last.
/// </summary>
internal static class PromptByPrompt
{
    /// <summary>True when <paramref name="request"/> is a completion of more than one prompt.</summary>
    public static bool HasSeveral(LlmRequest request) => request.Task == LlmTask.Completions && request.Prompts.Count > 1;

    /// <summary>One call per prompt, side by side; choices renumbered, usage added up.</summary>
    public static async Task<LlmResponse> AnswerAsync(
        LlmRequest request, Func<LlmRequest, CancellationToken, Task<LlmResponse>> answerOne, CancellationToken ct)
    {
        var calls = new Task<LlmResponse>[request.Prompts.Count];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = answerOne(request with { Prompts = [request.Prompts[i]] }, ct);
        }

        var answers = await Task.WhenAll(calls).ConfigureAwait(false);
        var choices = new List<LlmChoice>();
        var prompt = 0;
        var completion = 0;
        var counted = false;
        foreach (var answer in answers)
        {
            foreach (var choice in answer.Choices)
            {
                choices.Add(choice with { Index = choices.Count });
            }

            if (answer.Usage is { } usage)
            {
                counted = true;
                prompt += usage.PromptTokens;
                completion += usage.CompletionTokens;
            }
        }

        var first = answers[0];
        return first with { Choices = choices, Usage = counted ? new LlmUsage(prompt, completion) : null };
    }

    /// <summary>A stream answers one prompt: several would interleave answers no client could tell apart.</summary>
    public static void RefuseStreamed(LlmRequest request, string provider)
    {
        if (HasSeveral(request))
        {
            throw ServingException.Invalid(
                $"{provider} streams one prompt per query; send each of the {request.Prompts.Count} prompts in a query of its own, or leave stream off.");
        }
    }

    /// <summary>The one prompt a translation turns into one user turn; more would merge into a single conversation.</summary>
    public static string Single(LlmRequest request, string provider) =>
        request.Prompts.Count == 1
            ? request.Prompts[0]
            : throw ServingException.Invalid($"{provider} answers one prompt per call; this query has {request.Prompts.Count}.");
}
