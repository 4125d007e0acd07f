using System.Globalization;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Core.Logs;
using Switchyard.Core.Runtimes;

namespace Switchyard.Core.Routing;

/// <summary>What a served entity writes to its logs: its loads, and requests that failed.</summary>
public sealed partial class ServedEntity
{
    /// <summary>
    /// Writes a failed request to the runtime log: bad input and 429s as counts per second (their
    /// callers were told why), anything else as a line, at most a few a second.
    /// </summary>
    public void NoteFailure(ScoreResult result)
    {
        switch (result.Error)
        {
            case null:
                return;
            case ErrorCode.RequestLimitExceeded:
                _refused.Count();
                return;
            case ErrorCode.BadRequest or ErrorCode.InvalidParameterValue:
                _badInput.Count();
                return;
            default:
                if (Log.MayWriteFailure())
                {
                    Log.Write($"{result.Error.Value.ToWire()}: {result.Message}");
                }

                return;
        }
    }

    /// <summary>Writes a provider's failure to the runtime log: its 429s counted per second, the rest as lines, a few a second.</summary>
    public void NoteProviderFailure(ProviderException error)
    {
        if (error.Status == 429)
        {
            _providerLimited.Count();
        }
        else if (Log.MayWriteFailure())
        {
            var how = error.Status is { } status ? $"answered HTTP {status}"
                : error.TimedOut ? "timed out"
                : "could not be reached";
            Log.Write($"Provider {error.Provider} {how}: {error.Message}");
        }
    }

    /// <summary>Writes an unexpected failure of a request (an engine fault, say) to the runtime log, a few a second.</summary>
    public void NoteError(Exception error)
    {
        if (Log.MayWriteFailure())
        {
            Log.Write($"{error.GetType().Name}: {error.Message}");
        }
    }

    /// <summary>
    /// Every load goes through here: the first ones (until one succeeds) write the build log,
    /// later ones (after scale to zero, or a failed reload) the runtime log.
    /// </summary>
    private async Task<IServedModel> LoadLoggedAsync()
    {
        var log = _built ? Log : BuildLog;
        log.Write(_built ? "Loading the model again (it was scaled to zero or its last load failed)." : "Loading the model.");
        // A load of an entity already deployed is a wake (a scale-to-zero entity restored at
        // start-up has never loaded in this process, but it is deployed all the same).
        var waking = _loadedOnce;
        var started = _time.GetTimestamp();
        try
        {
            var model = await _load(log);
            var took = _time.GetElapsedTime(started);
            log.Write(string.Create(CultureInfo.InvariantCulture, $"Loaded in {took.TotalMilliseconds:0} ms; the entity is ready."));
            _built = true;
            if (waking)
            {
                _watcher?.Woken(this, took);
            }

            return model;
        }
        catch (Exception error)
        {
            log.Write($"Load failed: {error.Message}");
            if (waking)
            {
                _watcher?.WakeFailed(this, error.Message);
            }

            throw;
        }
    }
}
