using System.Text;
using LLama;
using LLama.Batched;
using LLama.Native;

namespace Switchyard.Llama.Engine;

/// <summary>
/// One choice being generated: its conversation (a sequence in the shared KV cache), its sampler,
/// its text decoder and its stop strings. Touched by the engine's loop only.
/// </summary>
internal sealed class ActiveSequence : IDisposable
{
    private readonly SafeLLamaSamplerChainHandle _sampler;
    private readonly StreamingTokenDecoder _decoder;
    private readonly StopMatcher _stops;

    public ActiveSequence(GenerationJob job, ChoiceRequest choice, Conversation conversation, LLamaWeights weights)
    {
        Job = job;
        Choice = choice;
        Conversation = conversation;
        _sampler = SamplerChains.Create(choice.Sampling);
        _decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
        _stops = new StopMatcher(job.Request.Stop);
    }

    public GenerationJob Job { get; }

    public ChoiceRequest Choice { get; }

    public Conversation Conversation { get; }

    /// <summary>True until the prompt has been handed to the executor.</summary>
    public bool AwaitsPrompt { get; private set; } = true;

    /// <summary>The token sampled last step, to be fed back next step.</summary>
    public LLamaToken? NextToken { get; set; }

    public int Generated { get; set; }

    public long LastTokenAt { get; set; }

    /// <summary>Hands the pending input (the prompt, or the last token) to the executor's next batch.</summary>
    public void QueueInput()
    {
        if (AwaitsPrompt)
        {
            var prompt = new LLamaToken[Choice.PromptTokens.Length];
            for (var i = 0; i < prompt.Length; i++)
            {
                prompt[i] = Choice.PromptTokens[i];
            }

            Conversation.Prompt(prompt.AsSpan());
            AwaitsPrompt = false;
        }
        else if (NextToken is { } token)
        {
            Conversation.Prompt(token);
            NextToken = null;
        }
    }

    public LLamaToken Sample() => Conversation.Sample(_sampler);

    /// <summary>Decodes a token and returns the text it releases, and whether a stop string was reached.</summary>
    public (string Release, bool Stopped) Decode(LLamaToken token)
    {
        _decoder.Add(token);
        return _stops.Push(_decoder.Read());
    }

    public string Flush() => _stops.Flush();

    public void Dispose()
    {
        Conversation.Dispose();
        _sampler.Dispose();
    }
}
