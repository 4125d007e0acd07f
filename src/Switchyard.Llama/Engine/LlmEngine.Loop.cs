using LLama.Batched;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Switchyard.Core.Errors;

namespace Switchyard.Llama.Engine;

/// <summary>The engine's loop: the only code that touches the executor, its conversations and the weights.</summary>
public sealed partial class LlmEngine
{
    private async Task RunAsync()
    {
        var ct = _stop.Token;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                while (_wake.Reader.TryRead(out _))
                {
                }

                TakeIncoming();
                RetireCancelled();
                Admit();
                if (_active.Count == 0)
                {
                    SetBusy(false);
                    await _wake.Reader.WaitToReadAsync(ct);
                    continue;
                }

                SetBusy(true);
                var delay = _governor.DelayFor(Math.Min(_active.Count, _governor.MaxStep));
                if (delay > TimeSpan.Zero)
                {
                    await WaitOrWakeAsync(delay, ct);
                    continue;
                }

                await StepAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogLoopFailed(_logger, e);
        }
        finally
        {
            ShutDown();
        }
    }

    /// <summary>One forward pass over every active sequence's pending input, then one token for each that is ready.</summary>
    private async Task StepAsync(CancellationToken ct)
    {
        // Tokens of sequences already generating first, so they share the first batch; prompts fill the rest.
        foreach (var sequence in _active)
        {
            if (!sequence.AwaitsPrompt)
            {
                sequence.QueueInput();
            }
        }

        foreach (var sequence in _active)
        {
            if (sequence.AwaitsPrompt)
            {
                sequence.QueueInput();
            }
        }

        var result = await _executor.Infer(ct);
        _counters.ForwardPass();
        switch (result)
        {
            case DecodeResult.Ok:
                _governor.Consume(SampleReady());
                break;
            case DecodeResult.NoKvSlot:
                // Cannot happen while each sequence keeps within its share; if it does, end what runs
                // with what it has and start over on a fresh context rather than corrupt a sequence.
                LogKvFull(_logger, _active.Count);
                ResetExecutor(FinishReasons.Length, error: null);
                break;
            default:
                ResetExecutor(null, new ServingException(ErrorCode.InternalError, $"The model failed a forward pass ({result})."));
                break;
        }
    }

    private int SampleReady()
    {
        var produced = 0;
        var vocab = _weights.Vocab;
        for (var i = 0; i < _active.Count; i++)
        {
            var sequence = _active[i];
            if (!sequence.Conversation.RequiresSampling)
            {
                continue;
            }

            if (sequence.Job.Cancel.IsCancellationRequested)
            {
                Retire(sequence, finishReason: null);
                i--;
                continue;
            }

            var token = sequence.Sample();
            produced++;
            if (token.IsEndOfGeneration(vocab))
            {
                Retire(sequence, FinishReasons.Stop);
                i--;
                continue;
            }

            var now = _time.GetTimestamp();
            var job = sequence.Job;
            if (!job.FirstTokenSeen)
            {
                job.FirstTokenSeen = true;
                _counters.FirstToken(_time.GetElapsedTime(job.SubmittedAt, now));
            }

            _counters.Token(sequence.Generated > 0 ? _time.GetElapsedTime(sequence.LastTokenAt, now) : null);
            sequence.LastTokenAt = now;
            sequence.Generated++;
            var (text, stopped) = sequence.Decode(token);
            job.Emit(new GenerationEvent(sequence.Choice.Index, text, (int)token));

            string? finish = null;
            if (stopped)
            {
                finish = FinishReasons.Stop;
            }
            else if (sequence.Generated >= job.Request.MaxTokens || sequence.Conversation.TokenCount + 1 > ContextPerSlot)
            {
                finish = FinishReasons.Length;
            }

            if (finish is not null)
            {
                Retire(sequence, finish);
                i--;
            }
            else
            {
                sequence.NextToken = token;
            }
        }

        _counters.SetBusySlots(_active.Count);
        return produced;
    }

    private void TakeIncoming()
    {
        while (_incoming.Reader.TryRead(out var job))
        {
            foreach (var choice in job.Request.Choices)
            {
                _waiting.Enqueue((job, choice));
            }
        }
    }

    private void RetireCancelled()
    {
        for (var i = 0; i < _active.Count; i++)
        {
            var sequence = _active[i];
            // A sequence with input still queued in the executor cannot leave yet: its seq id would be
            // reused while the stale tokens are still to be decoded. It leaves after its next pass.
            if (sequence.Job.Cancel.IsCancellationRequested && !sequence.Conversation.RequiresInference)
            {
                Retire(sequence, finishReason: null);
                i--;
            }
        }

        _counters.SetBusySlots(_active.Count);
    }

    private void Admit()
    {
        while (_active.Count < Slots && _waiting.TryDequeue(out var next))
        {
            _counters.LeftQueue();
            var (job, choice) = next;
            if (job.Cancel.IsCancellationRequested)
            {
                job.ChoiceFinished();
                continue;
            }

            _active.Add(new ActiveSequence(job, choice, _executor.Create(), _weights));
        }

        // Cancelled requests still waiting are dropped without taking a slot.
        if (_waiting.Count > 0 && _waiting.Any(w => w.Job.Cancel.IsCancellationRequested))
        {
            var kept = _waiting.Where(w => !w.Job.Cancel.IsCancellationRequested).ToList();
            foreach (var dropped in _waiting.Where(w => w.Job.Cancel.IsCancellationRequested).ToList())
            {
                _counters.LeftQueue();
                dropped.Job.ChoiceFinished();
            }

            _waiting.Clear();
            foreach (var item in kept)
            {
                _waiting.Enqueue(item);
            }
        }

        _counters.SetBusySlots(_active.Count);
    }

    /// <summary>Ends a sequence: its last text and finish reason go out (unless its caller left), its seq id is freed.</summary>
    private void Retire(ActiveSequence sequence, string? finishReason)
    {
        _active.Remove(sequence);
        if (finishReason is not null)
        {
            sequence.Job.Emit(new GenerationEvent(sequence.Choice.Index, sequence.Flush(), FinishReason: finishReason, CompletionTokens: sequence.Generated));
        }

        sequence.Dispose();
        sequence.Job.ChoiceFinished();
    }

    private void ResetExecutor(string? finishReason, Exception? error)
    {
        foreach (var sequence in _active.ToList())
        {
            if (error is not null)
            {
                _active.Remove(sequence);
                sequence.Dispose();
                sequence.Job.Fail(error);
            }
            else
            {
                Retire(sequence, finishReason);
            }
        }

        _executor.Dispose();
        _executor = new BatchedExecutor(_weights, _contextParams);
        _counters.SetBusySlots(0);
    }

    private async Task WaitOrWakeAsync(TimeSpan delay, CancellationToken ct)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timer = Task.Delay(delay, _time, waiting.Token);
        var woken = _wake.Reader.WaitToReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(timer, woken);
        await waiting.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    private void SetBusy(bool busy)
    {
        _governor.SetBusy(busy);
        var since = Interlocked.Read(ref _busySince);
        if (busy && since < 0)
        {
            Interlocked.Exchange(ref _busySince, _time.GetTimestamp());
        }
        else if (!busy && since >= 0)
        {
            _counters.Busy(_time.GetElapsedTime(since));
            Interlocked.Exchange(ref _busySince, -1);
        }
    }

    private void ShutDown()
    {
        // Closed first, so that a request submitted from now on is refused rather than left waiting.
        _incoming.Writer.TryComplete();
        var unloaded = Unloaded();
        foreach (var sequence in _active)
        {
            sequence.Dispose();
            sequence.Job.Fail(unloaded);
        }

        _active.Clear();
        TakeIncoming();
        while (_waiting.TryDequeue(out var waiting))
        {
            _counters.LeftQueue();
            waiting.Job.Fail(unloaded);
        }

        _counters.SetBusySlots(0);
        _executor.Dispose();
        _weights.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The LLM engine's loop failed; the model stops serving")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The KV cache was full with {Sequences} sequences; they end with finish reason length")]
    private static partial void LogKvFull(ILogger logger, int sequences);
}
