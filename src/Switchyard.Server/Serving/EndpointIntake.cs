using Switchyard.Core.Endpoints;
using Switchyard.Server.Replicas;
using Switchyard.Server.Serving.Events;

namespace Switchyard.Server.Serving;

/// <summary>
/// Where endpoints enter the <see cref="EndpointDirectory"/>: a new one on create, each stored one
/// at start-up. It makes their owners, with what an owner needs (the store, the deployer); kept
/// apart from the directory so that the directory, which the data plane reads, depends on nothing.
/// </summary>
public sealed class EndpointIntake(
    EndpointDirectory directory, IEndpointStore store, Deployer deployer, TimeProvider time, ILogger<EndpointOwner> logger, EndpointEventLog events,
    IConfigHistoryStore history, IRolloutQuorum quorum, IChangeSignal signal)
{
    /// <summary>Stores and publishes a new endpoint; RESOURCE_ALREADY_EXISTS when its name is taken.</summary>
    public async Task<EndpointSnapshot> CreateAsync(ServingEndpoint endpoint, CancellationToken ct)
    {
        directory.AddId(endpoint.Id, endpoint.Name);
        try
        {
            while (true)
            {
                // An owner whose endpoint was deleted while we waited for it has left the
                // directory: the next one entered for the name is fresh.
                var owner = directory.Enter(endpoint.Name, NewOwner);
                if (await owner.TryCreateAsync(endpoint, ct) is { } created)
                {
                    return created;
                }
            }
        }
        catch
        {
            directory.RemoveId(endpoint.Id, endpoint.Name);
            throw;
        }
    }

    /// <summary>Brings back one stored endpoint at start-up, before the server takes requests.</summary>
    public Task RestoreAsync(ServingEndpoint endpoint, CancellationToken ct)
    {
        var owner = directory.Enter(endpoint.Name, NewOwner);
        directory.AddId(endpoint.Id, endpoint.Name);
        return owner.RestoreAsync(endpoint, ct);
    }

    /// <summary>
    /// Follows what another replica wrote to the endpoint <paramref name="name"/>: <paramref name="row"/>
    /// as the store holds it now (null: deleted). A name new here gets its owner.
    /// </summary>
    public async Task AdoptAsync(string name, ServingEndpoint? row, CancellationToken ct)
    {
        while (true)
        {
            if (directory.OwnerOf(name) is { } owner)
            {
                if (await owner.AdoptAsync(row, ct))
                {
                    return;
                }

                continue;
            }

            if (row is null)
            {
                return;
            }

            var fresh = directory.Enter(name, NewOwner);
            directory.AddId(row.Id, name);
            if (await fresh.AdoptAsync(row, ct))
            {
                return;
            }
        }
    }

    private EndpointOwner NewOwner(string name) => new(name, store, deployer, time, logger, directory.Forget, events, history, quorum, signal);
}
