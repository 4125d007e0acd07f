using Switchyard.Core.Endpoints;

namespace Switchyard.Server.Tests.Serving;

/// <summary>
/// The real endpoint store, counting its reads: tests hold the server to reading endpoints from
/// the store at start-up only.
/// </summary>
public sealed class CountingEndpointStore(IEndpointStore inner) : IEndpointStore
{
    private int _reads;

    /// <summary>Calls of Get, GetById and List so far.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public Task CreateAsync(ServingEndpoint endpoint, CancellationToken ct) => inner.CreateAsync(endpoint, ct);

    public Task<ServingEndpoint?> GetAsync(string name, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(name, ct);
    }

    public Task<ServingEndpoint?> GetByIdAsync(string id, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetByIdAsync(id, ct);
    }

    public Task<IReadOnlyList<ServingEndpoint>> ListAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        return inner.ListAsync(ct);
    }

    public Task<ServingEndpoint> SaveAsync(ServingEndpoint endpoint, CancellationToken ct) => inner.SaveAsync(endpoint, ct);

    public Task<bool> DeleteAsync(string name, CancellationToken ct) => inner.DeleteAsync(name, ct);
}
