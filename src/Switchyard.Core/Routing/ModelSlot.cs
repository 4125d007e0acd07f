using Switchyard.Core.Runtimes;

namespace Switchyard.Core.Routing;

/// <summary>
/// Where one served entity's model lives: loaded, loading, or empty (never loaded, or scaled to
/// zero). Concurrent requests for an empty slot share one load and wait for it.
/// </summary>
public sealed class ModelSlot(Func<Task<IServedModel>> load)
{
    private readonly Lock _lock = new();
    private LoadedModelLease? _current;
    private Task<LoadedModelLease>? _loading;

    public bool IsLoaded => Volatile.Read(ref _current) is not null;

    /// <summary>A reference to the loaded model without waiting, or null when the slot is empty.</summary>
    public LoadedModelLease? TryAcquire()
    {
        var current = Volatile.Read(ref _current);
        return current is not null && current.TryAddReference() ? current : null;
    }

    /// <summary>A reference to the model, loading it first when the slot is empty. Throws what the load throws.</summary>
    public async ValueTask<LoadedModelLease> AcquireAsync(CancellationToken ct)
    {
        while (true)
        {
            if (TryAcquire() is { } lease)
            {
                return lease;
            }

            Task<LoadedModelLease> loading;
            lock (_lock)
            {
                if (_current is not null)
                {
                    continue;
                }

                _loading ??= Task.Run(LoadCore, CancellationToken.None);
                loading = _loading;
            }

            await loading.WaitAsync(ct);
        }
    }

    /// <summary>Releases the slot's reference; the model goes once in-flight requests finish.</summary>
    public bool Unload()
    {
        LoadedModelLease? current;
        lock (_lock)
        {
            current = _current;
            _current = null;
        }

        current?.Release();
        return current is not null;
    }

    private async Task<LoadedModelLease> LoadCore()
    {
        try
        {
            var lease = new LoadedModelLease(await load());
            lock (_lock)
            {
                _current = lease;
                _loading = null;
            }

            return lease;
        }
        catch
        {
            lock (_lock)
            {
                _loading = null;
            }

            throw;
        }
    }
}
