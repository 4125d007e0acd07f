using System.Threading.Channels;
using LLama;
using LLama.Batched;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Switchyard.Core.Errors;

namespace Switchyard.Llama.Engine;

/// <summary>
/// Runs one loaded model for one served entity with continuous batching. One loop task owns the
/// weights and the <see cref="BatchedExecutor"/> (LLamaSharp objects are not thread-safe); requests
/// come in through a bounded channel and each choice becomes a conversation (a sequence of the
/// shared KV cache). Every step feeds all active sequences (their last token, or the prompt of a
/// sequence that just joined) through one forward pass, samples each, and lets finished sequences
/// leave and waiting ones join before the next. The provisioned band is a token bucket the loop
/// waits on before each step. Disposing stops the loop, fails what is still running, and frees
/// the context and the weights.
/// </summary>
public sealed partial class LlmEngine : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly ModelParams _contextParams;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<GenerationJob> _incoming;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly EngineCounters _counters = new();
    private readonly ThroughputGovernor _governor;
    private readonly Queue<(GenerationJob Job, ChoiceRequest Choice)> _waiting = new();
    private readonly List<ActiveSequence> _active = [];
    private readonly Task _loop;
    private BatchedExecutor _executor;
    private long _busySince = -1;
    private int _disposed;

    /// <summary>
    /// Takes ownership of <paramref name="weights"/> and starts the loop. The context holds
    /// <see cref="LlmEngineOptions.Slots"/> sequences of <see cref="ContextPerSlot"/> positions each.
    /// </summary>
    public LlmEngine(LLamaWeights weights, string modelPath, LlmEngineOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Slots, 1);
        _weights = weights;
        _time = time;
        _logger = logger;
        Slots = options.Slots;
        ContextPerSlot = Math.Max(16, Math.Min(options.ContextPerSlot, weights.ContextSize > 0 ? weights.ContextSize : options.ContextPerSlot));
        _contextParams = ContextParams(modelPath, options, Slots, ContextPerSlot);
        _executor = new BatchedExecutor(weights, _contextParams);
        _governor = new ThroughputGovernor(options.Band, time, Slots, options.IdleScaleDown);
        _incoming = Channel.CreateBounded<GenerationJob>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Parallel sequences.</summary>
    public int Slots { get; }

    /// <summary>Positions (prompt + completion) one sequence may use.</summary>
    public int ContextPerSlot { get; }

    /// <summary>Forward passes (llama_decode calls) run so far.</summary>
    public long ForwardPasses => _counters.ForwardPasses;

    /// <summary>Sequences generating now.</summary>
    public int BusySlots => _counters.BusySlots;

    /// <summary>The model's vocabulary size.</summary>
    public int VocabularySize => _weights.Vocab.Count;

    internal LLamaWeights Weights => _weights;

    /// <summary>The parameters the context was made with (also right for loading the same file again).</summary>
    public static ModelParams ContextParams(string modelPath, LlmEngineOptions options, int slots, int contextPerSlot) =>
        new(modelPath)
        {
            ContextSize = (uint)(slots * contextPerSlot),
            SeqMax = (uint)slots,
            // One cache for all sequences: each stays within its share, so the total always fits.
            KVUnified = true,
            BatchSize = (uint)options.BatchSize,
            UBatchSize = (uint)options.BatchSize,
            GpuLayerCount = 0,
            Threads = options.Threads,
            BatchThreads = options.Threads,
        };

    /// <summary>A snapshot of the engine's figures.</summary>
    public EngineMetrics Metrics()
    {
        var since = Interlocked.Read(ref _busySince);
        var busyNow = since >= 0 ? _time.GetElapsedTime(since) : TimeSpan.Zero;
        return _counters.Snapshot(Slots, ContextPerSlot, _governor.CurrentRate, busyNow);
    }

    /// <summary>Token ids of a text, as the model's tokenizer cuts it (special tokens parsed).</summary>
    public int[] Tokenize(string text, bool addBos)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var tokens = _weights.Tokenize(text, addBos, special: true, System.Text.Encoding.UTF8);
        var ids = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            ids[i] = (int)tokens[i];
        }

        return ids;
    }

    /// <summary>
    /// Queues a request and returns its events, in order, ending when every choice finished.
    /// Cancelling <paramref name="ct"/> frees the request's sequences at the next step boundary.
    /// A prompt that does not leave room for one token in a sequence is refused (400).
    /// </summary>
    public async ValueTask<ChannelReader<GenerationEvent>> SubmitAsync(GenerationRequest request, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfZero(request.Choices.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxTokens, 1);
        var promptTokens = 0;
        foreach (var choice in request.Choices)
        {
            if (choice.PromptTokens.Length == 0)
            {
                throw new ServingException(ErrorCode.BadRequest, "The prompt is empty.");
            }

            if (choice.PromptTokens.Length >= ContextPerSlot)
            {
                throw new ServingException(ErrorCode.BadRequest,
                    $"The prompt has {choice.PromptTokens.Length} tokens; this model takes at most {ContextPerSlot} tokens per request (prompt and completion together), so the prompt must be shorter than that.");
            }

            promptTokens += choice.PromptTokens.Length;
        }

        var job = new GenerationJob(request, _time.GetTimestamp(), ct);
        if (ct.CanBeCanceled)
        {
            // The loop frees a cancelled request's sequences when it next looks; wake it to look now.
            job.Registration = ct.UnsafeRegister(static state => ((LlmEngine)state!).Wake(), this);
        }

        _counters.Submitted(promptTokens, request.Choices.Count);
        try
        {
            await _incoming.Writer.WriteAsync(job, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            job.Registration.Dispose();
            for (var i = 0; i < request.Choices.Count; i++)
            {
                _counters.LeftQueue();
            }

            if (e is ChannelClosedException)
            {
                throw Unloaded();
            }

            throw;
        }

        Wake();
        return job.Events;
    }

    /// <summary>Stops the loop (waiting for a forward pass under way to end), fails what is still running, frees the weights.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _incoming.Writer.TryComplete();
        _stop.Cancel();
        Wake();
        try
        {
            // The loop frees everything native in its finally; wait so that memory is back before a reload.
            _loop.Wait(TimeSpan.FromMinutes(2));
        }
        catch (AggregateException)
        {
            // The loop logged its own failure.
        }

        _stop.Dispose();
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private static ServingException Unloaded() =>
        new(ErrorCode.TemporarilyUnavailable, "The model was unloaded while the request waited; send it again.");
}
