using Switchyard.Core.Registry;

namespace Switchyard.Core.Permissions;

/// <summary>
/// Unity-Catalog-style grants on registered models: privileges given to a principal, named as
/// ACLs name them (a user name, a group name or a service principal's application id).
/// </summary>
public interface IModelGrantStore
{
    /// <summary>Principal to its privileges on the model, principals in order.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListAsync(ModelName model, CancellationToken ct);

    /// <summary>Applies every change in one transaction.</summary>
    Task UpdateAsync(ModelName model, IReadOnlyList<GrantChange> changes, CancellationToken ct);

    Task RenameAsync(ModelName from, ModelName to, CancellationToken ct);

    Task DeleteAllAsync(ModelName model, CancellationToken ct);
}

/// <summary>Privileges to add to and remove from one principal.</summary>
public sealed record GrantChange(string Principal, IReadOnlyList<string> Add, IReadOnlyList<string> Remove);
