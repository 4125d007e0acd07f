using System.Text;
using Switchyard.Core.Buffers;
using Switchyard.Core.Llm;

namespace Switchyard.Server.Drivers.Llm;

/// <summary>
/// What a streamed LLM answer amounted to, gathered chunk by chunk: its token counts (the
/// source's closing counts, or one output token per chunk of text when it reports none) and,
/// when the inference table wants it, the whole answer assembled from its chunks as a
/// non-streamed answer would have been written.
/// </summary>
public sealed class StreamedAnswer(LlmTask task, bool assemble)
{
    private readonly SortedDictionary<int, Choice> _choices = [];
    private LlmChunk? _first;
    private LlmUsage? _reported;
    private int _textChunks;

    public void Add(LlmChunk chunk)
    {
        _first ??= chunk;
        _reported = chunk.Usage ?? _reported;
        if (chunk.Text is { Length: > 0 })
        {
            _textChunks++;
        }

        if (!assemble || (chunk.Usage is not null && chunk.Text is null && chunk.FinishReason is null))
        {
            return;
        }

        if (!_choices.TryGetValue(chunk.Index, out var choice))
        {
            _choices[chunk.Index] = choice = new Choice();
        }

        choice.Text.Append(chunk.Text);
        choice.Refusal ??= chunk.Refusal;
        choice.FinishReason = chunk.FinishReason ?? choice.FinishReason;
    }

    /// <summary>The counts the source reported; else the chunks of text counted as output tokens (prompt unknown, so 0).</summary>
    public LlmUsage Usage => _reported ?? new LlmUsage(0, _textChunks);

    /// <summary>The answer as one non-streamed JSON answer; null when not assembled or nothing came.</summary>
    public string? Assembled()
    {
        if (!assemble || _first is null)
        {
            return null;
        }

        var choices = new List<LlmChoice>(_choices.Count);
        foreach (var (index, choice) in _choices)
        {
            choices.Add(new LlmChoice(index, choice.Text.ToString(), choice.FinishReason, Refusal: choice.Refusal));
        }

        using var answer = new PooledBufferWriter();
        LlmAnswerWriter.WriteResponse(answer, task, new LlmResponse(_first.Id, _first.Created, _first.Model, choices, Usage));
        return Encoding.UTF8.GetString(answer.WrittenMemory.Span);
    }

    private sealed class Choice
    {
        public StringBuilder Text { get; } = new();

        public string? Refusal { get; set; }

        public string? FinishReason { get; set; }
    }
}
