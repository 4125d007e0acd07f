namespace Switchyard.Core.Identity;

/// <summary>
/// Users, service principals, groups and API tokens. Writes that clash with an existing name
/// throw RESOURCE_ALREADY_EXISTS; writes naming a missing principal or group throw
/// RESOURCE_DOES_NOT_EXIST. Deleting a principal deletes its tokens and memberships.
/// </summary>
public interface IIdentityStore
{
    /// <summary>
    /// Grows with every change to principals, groups, memberships or tokens, so that anything
    /// derived from the store (the token cache) knows when it may be stale.
    /// </summary>
    long ChangeCount { get; }

    /// <summary>Raised after each change this process made (replicas tell each other, see <see cref="NoteChangedElsewhere"/>).</summary>
    event Action? Changed;

    /// <summary>Another replica sharing the database changed it: bumps <see cref="ChangeCount"/>, so what was derived from the store is read again.</summary>
    void NoteChangedElsewhere();

    Task<Principal> CreatePrincipalAsync(PrincipalKind kind, string name, string displayName, bool active, CancellationToken ct);

    Task<Principal?> GetPrincipalAsync(string id, CancellationToken ct);

    Task<Principal?> FindPrincipalAsync(PrincipalKind kind, string name, CancellationToken ct);

    Task<IReadOnlyList<Principal>> ListPrincipalsAsync(PrincipalKind kind, CancellationToken ct);

    Task SetActiveAsync(string principalId, bool active, CancellationToken ct);

    Task<bool> DeletePrincipalAsync(string principalId, CancellationToken ct);

    Task<PrincipalGroup> CreateGroupAsync(string displayName, IReadOnlyCollection<string> memberIds, CancellationToken ct);

    Task<PrincipalGroup?> GetGroupAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<PrincipalGroup>> ListGroupsAsync(CancellationToken ct);

    Task<bool> DeleteGroupAsync(string id, CancellationToken ct);

    Task AddMembersAsync(string groupId, IReadOnlyCollection<string> principalIds, CancellationToken ct);

    Task RemoveMembersAsync(string groupId, IReadOnlyCollection<string> principalIds, CancellationToken ct);

    /// <summary>The groups a principal is a direct member of.</summary>
    Task<IReadOnlyList<PrincipalGroup>> GroupsOfAsync(string principalId, CancellationToken ct);

    Task CreateTokenAsync(ApiToken token, CancellationToken ct);

    Task<ApiToken?> GetTokenAsync(string tokenId, CancellationToken ct);

    /// <summary>The tokens of one principal, or of everyone when <paramref name="principalId"/> is null.</summary>
    Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? principalId, CancellationToken ct);

    Task<bool> DeleteTokenAsync(string tokenId, CancellationToken ct);
}
