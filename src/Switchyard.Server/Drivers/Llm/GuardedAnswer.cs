using Switchyard.Core.Llm;
using Switchyard.Server.Gateway.Guardrails;

namespace Switchyard.Server.Drivers.Llm;

/// <summary>
/// An LLM answer through the endpoint's output guardrails, before the caller sees it: each
/// choice's text checked and masked, or the whole answer refused. A stream is checked per choice
/// as it comes (<see cref="GuardStream"/> holds back only a tail that may still be part of a
/// match), so a value split across chunks is masked too.
/// </summary>
public sealed class GuardedAnswer(Guard guard)
{
    private readonly Dictionary<int, GuardStream> _streams = [];

    /// <summary>The whole answer with every choice's text guarded; the refusal when one is blocked.</summary>
    public static GuardRefusal? Apply(Guard guard, ref LlmResponse response)
    {
        if (response.Choices.Count == 0)
        {
            return null;
        }

        var choices = new LlmChoice[response.Choices.Count];
        for (var i = 0; i < choices.Length; i++)
        {
            var choice = response.Choices[i];
            var result = guard.Check(choice.Text ?? "");
            if (result.Refused)
            {
                return result.Refusal;
            }

            choices[i] = choice.Text is null ? choice : choice with { Text = result.Text };
        }

        response = response with { Choices = choices };
        return null;
    }

    /// <summary>
    /// The chunk as it may be sent: its text replaced by what is safe to send now (a choice's
    /// finishing chunk carries what was held back). Null when nothing of it is to be sent yet.
    /// </summary>
    public LlmChunk? Filter(LlmChunk chunk, out GuardRefusal? refusal)
    {
        refusal = null;
        if (chunk.Text is null && chunk.FinishReason is null)
        {
            return chunk;
        }

        if (!_streams.TryGetValue(chunk.Index, out var stream))
        {
            _streams[chunk.Index] = stream = guard.StartStream();
        }

        var pushed = stream.Push(chunk.Text ?? "");
        if (pushed.Refused)
        {
            refusal = pushed.Refusal;
            return null;
        }

        var text = pushed.Text;
        if (chunk.FinishReason is not null)
        {
            var rest = stream.Complete();
            _streams.Remove(chunk.Index);
            if (rest.Refused)
            {
                refusal = rest.Refusal;
                return null;
            }

            text += rest.Text;
        }

        if (text.Length == 0 && chunk is { FinishReason: null, ToolCalls: null, Usage: null, Refusal: null })
        {
            return null;
        }

        return chunk with { Text = text.Length == 0 && chunk.Text is null ? null : text };
    }

    /// <summary>
    /// When the stream ends: chunks (after <paramref name="last"/>) for the choices that ended
    /// without a finishing chunk, with what they still held back; the refusal when that is blocked.
    /// </summary>
    public GuardRefusal? Finish(LlmChunk last, List<LlmChunk> held)
    {
        foreach (var (index, stream) in _streams)
        {
            var rest = stream.Complete();
            if (rest.Refused)
            {
                return rest.Refusal;
            }

            if (rest.Text.Length > 0)
            {
                held.Add(last with { Index = index, Text = rest.Text, FinishReason = null, ToolCalls = null, Usage = null, Refusal = null });
            }
        }

        _streams.Clear();
        return null;
    }
}
