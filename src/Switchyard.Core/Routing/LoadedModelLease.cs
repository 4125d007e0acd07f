using Switchyard.Core.Runtimes;

namespace Switchyard.Core.Routing;

/// <summary>
/// Reference-counted ownership of a loaded model. The slot holds one reference and each request
/// in flight holds one; the model is disposed when the last is released, so unloading or
/// retiring an entity never pulls a session from under a running request.
/// </summary>
public sealed class LoadedModelLease(IServedModel model)
{
    private int _references = 1;

    public IServedModel Model => model;

    public bool TryAddReference()
    {
        while (true)
        {
            var seen = Volatile.Read(ref _references);
            if (seen == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, seen + 1, seen) == seen)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            model.Dispose();
        }
    }
}
