using System.Runtime.CompilerServices;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Core.Runtimes;
using Switchyard.Llama.Chat;
using Switchyard.Llama.Engine;

namespace Switchyard.Llama;

/// <summary>
/// A GGUF foundation model served by a local <see cref="LlmEngine"/>: chat (messages rendered with
/// the model's chat template) and completions (the prompt as is). Usage counts are the engine's
/// real token counts; the prompt is counted once per prompt, the completion over all choices.
/// Disposing unloads the model.
/// </summary>
public sealed class LlamaGenerativeModel(LlmEngine engine, string modelName, ChatTemplate template, TimeProvider time)
    : IGenerativeModel, IReportsMetrics
{
    /// <summary>Temperature when the request names none (the OpenAI and Databricks default).</summary>
    public const double DefaultTemperature = 1.0;

    /// <summary>The most choices one request may ask for.</summary>
    public const int MaxChoices = 5;

    public LlmEngine Engine { get; } = engine;

    /// <summary>The name answers carry: the GGUF <c>general.name</c>, or the entity's name.</summary>
    public string ModelName { get; } = modelName;

    public ChatTemplate Template { get; } = template;

    public bool Supports(LlmTask task) => task is LlmTask.Chat or LlmTask.Completions;

    /// <summary>The engine's figures.</summary>
    public EngineMetrics Metrics() => Engine.Metrics();

    /// <summary>The engine's figures for the endpoint metrics route.</summary>
    public void Report(ICollection<ServedMetric> metrics) => EngineMetricsReport.AddTo(Engine.Metrics(), metrics);

    public async Task<LlmResponse> GenerateAsync(LlmRequest request, CancellationToken ct)
    {
        var plan = Plan(request);
        var events = await Engine.SubmitAsync(plan.Request, ct);
        var texts = new System.Text.StringBuilder[plan.Request.Choices.Count];
        var finishes = new string?[texts.Length];
        var completion = 0;
        await foreach (var e in events.ReadAllAsync(ct))
        {
            if (e.Error is not null)
            {
                throw e.Error;
            }

            (texts[e.Index] ??= new()).Append(e.Text);
            if (e.FinishReason is not null)
            {
                finishes[e.Index] = e.FinishReason;
                completion += e.CompletionTokens;
            }
        }

        var choices = new LlmChoice[texts.Length];
        for (var i = 0; i < choices.Length; i++)
        {
            choices[i] = new LlmChoice(i, texts[i]?.ToString() ?? "", finishes[i] ?? FinishReasons.Stop);
        }

        return new LlmResponse(plan.Id, plan.Created, ModelName, choices, new LlmUsage(plan.PromptTokens, completion));
    }

    public async IAsyncEnumerable<LlmChunk> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var plan = Plan(request);
        // Cancelled when the caller's token is, and when the consumer stops reading early: either
        // way the engine frees this request's sequences at its next step.
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            var events = await Engine.SubmitAsync(plan.Request, caller.Token);
            var unfinished = plan.Request.Choices.Count;
            var completion = 0;
            await foreach (var e in events.ReadAllAsync(caller.Token))
            {
                if (e.Error is not null)
                {
                    throw e.Error;
                }

                if (e.FinishReason is null)
                {
                    if (e.Text.Length > 0)
                    {
                        yield return new LlmChunk(plan.Id, plan.Created, ModelName, e.Index, e.Text);
                    }

                    continue;
                }

                completion += e.CompletionTokens;
                var usage = --unfinished == 0 ? new LlmUsage(plan.PromptTokens, completion) : null;
                yield return new LlmChunk(plan.Id, plan.Created, ModelName, e.Index, e.Text.Length > 0 ? e.Text : null, e.FinishReason, Usage: usage);
            }

            // A cancelled request ends its events early; say so rather than end as if complete.
            caller.Token.ThrowIfCancellationRequested();
        }
        finally
        {
            await caller.CancelAsync();
        }
    }

    public void Dispose() => Engine.Dispose();

    private sealed record RequestPlan(string Id, long Created, GenerationRequest Request, int PromptTokens);

    private RequestPlan Plan(LlmRequest request)
    {
        if (!Supports(request.Task))
        {
            throw new ServingException(ErrorCode.BadRequest,
                $"This model serves {LlmTaskNames.Chat} and {LlmTaskNames.Completions}, not {request.Task.ToWire()}.");
        }

        if (request.Tools is { Count: > 0 })
        {
            throw new ServingException(ErrorCode.BadRequest, "'tools' is not supported by this model.");
        }

        if (request.N is < 1 or > MaxChoices)
        {
            throw new ServingException(ErrorCode.BadRequest, $"'n' must be between 1 and {MaxChoices}; it was {request.N}.");
        }

        if (request.MaxTokens is < 1)
        {
            throw new ServingException(ErrorCode.BadRequest, $"'max_tokens' must be at least 1; it was {request.MaxTokens}.");
        }

        var temperature = request.Temperature ?? DefaultTemperature;
        if (temperature < 0 || double.IsNaN(temperature))
        {
            throw new ServingException(ErrorCode.BadRequest, $"'temperature' must be 0 or more; it was {temperature}.");
        }

        var topP = request.TopP ?? 1.0;
        if (topP is <= 0 or > 1 || double.IsNaN(topP))
        {
            throw new ServingException(ErrorCode.BadRequest, $"'top_p' must be greater than 0 and at most 1; it was {topP}.");
        }

        if (request.TopK is < 0)
        {
            throw new ServingException(ErrorCode.BadRequest, $"'top_k' must be 0 (off) or more; it was {request.TopK}.");
        }

        var prompts = request.Task == LlmTask.Chat ? [ChatPrompt(request)] : request.Prompts;
        if (prompts.Count == 0)
        {
            throw new ServingException(ErrorCode.BadRequest, "The request has no prompt.");
        }

        var baseSeed = request.Seed is { } seed ? (uint)(seed & uint.MaxValue) : (uint)Random.Shared.NextInt64(uint.MaxValue);
        var choices = new List<ChoiceRequest>(prompts.Count * request.N);
        var promptTokens = 0;
        foreach (var prompt in prompts)
        {
            var tokens = Engine.Tokenize(prompt, addBos: true);
            promptTokens += tokens.Length;
            for (var n = 0; n < request.N; n++)
            {
                // Each choice draws with its own seed, so n choices differ yet a fixed seed repeats them all.
                var sampling = new SamplingSettings((float)temperature, (float)topP, request.TopK ?? 0, unchecked(baseSeed + (uint)choices.Count));
                choices.Add(new ChoiceRequest(choices.Count, tokens, sampling));
            }
        }

        var generation = new GenerationRequest(choices, request.MaxTokens ?? Engine.ContextPerSlot, request.Stop);
        var id = (request.Task == LlmTask.Chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");
        return new RequestPlan(id, time.GetUtcNow().ToUnixTimeSeconds(), generation, promptTokens);
    }

    private string ChatPrompt(LlmRequest request)
    {
        if (request.Messages.Count == 0)
        {
            throw new ServingException(ErrorCode.BadRequest, "'messages' must hold at least one message.");
        }

        return Template.Render(request.Messages);
    }
}
