namespace Switchyard.Core.Endpoints;

/// <summary>
/// Durable endpoint state. The control plane writes here first and the deployer rebuilds the
/// live routing from here at start-up, so an acknowledged change survives a crash.
/// </summary>
public interface IEndpointStore
{
    /// <summary>Adds a new endpoint; throws RESOURCE_ALREADY_EXISTS when the name is taken.</summary>
    Task CreateAsync(ServingEndpoint endpoint, CancellationToken ct);

    Task<ServingEndpoint?> GetAsync(string name, CancellationToken ct);

    /// <summary>Finds an endpoint by its <c>id</c>, as the permissions API names it.</summary>
    Task<ServingEndpoint?> GetByIdAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<ServingEndpoint>> ListAsync(CancellationToken ct);

    /// <summary>
    /// Replaces the stored endpoint of the same name when its row is still at <see cref="ServingEndpoint.RowVersion"/>,
    /// and answers it at its new row version; throws <see cref="EndpointMovedException"/> when someone
    /// else wrote the row since (another replica), RESOURCE_DOES_NOT_EXIST when it is gone.
    /// </summary>
    Task<ServingEndpoint> SaveAsync(ServingEndpoint endpoint, CancellationToken ct);

    /// <summary>Deletes it; answers false when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken ct);
}
