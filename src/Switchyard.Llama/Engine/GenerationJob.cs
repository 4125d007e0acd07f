using System.Threading.Channels;

namespace Switchyard.Llama.Engine;

/// <summary>
/// One request handed to the engine: one or more choices, each a prompt (token ids) sampled its
/// own way, all bounded by the same max tokens and stop strings.
/// </summary>
public sealed record GenerationRequest(
    IReadOnlyList<ChoiceRequest> Choices,
    int MaxTokens,
    IReadOnlyList<string> Stop);

/// <summary>One choice: its index in the answer, its prompt and its sampling.</summary>
public sealed record ChoiceRequest(int Index, int[] PromptTokens, SamplingSettings Sampling);

/// <summary>A request inside the engine: where its events go and whether its caller is still there.</summary>
internal sealed class GenerationJob(GenerationRequest request, long submittedAt, CancellationToken cancel)
{
    private readonly Channel<GenerationEvent> _events = Channel.CreateUnbounded<GenerationEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public GenerationRequest Request { get; } = request;

    public CancellationToken Cancel { get; } = cancel;

    public long SubmittedAt { get; } = submittedAt;

    /// <summary>Choices not finished yet; the events end when it reaches 0. Loop thread only.</summary>
    public int Unfinished { get; set; } = request.Choices.Count;

    /// <summary>True once any choice produced its first token (time to first token is measured once). Loop thread only.</summary>
    public bool FirstTokenSeen { get; set; }

    public ChannelReader<GenerationEvent> Events => _events.Reader;

    /// <summary>Wakes the engine's loop when the caller goes away; dropped when the job ends.</summary>
    public CancellationTokenRegistration Registration { get; set; }

    public void Emit(GenerationEvent e) => _events.Writer.TryWrite(e);

    public void ChoiceFinished()
    {
        if (--Unfinished == 0)
        {
            _events.Writer.TryComplete();
            Registration.Dispose();
        }
    }

    public void Fail(Exception error)
    {
        _events.Writer.TryWrite(new GenerationEvent(-1, "", Error: error));
        _events.Writer.TryComplete();
        Registration.Dispose();
    }
}
