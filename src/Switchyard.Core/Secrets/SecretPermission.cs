namespace Switchyard.Core.Secrets;

/// <summary>
/// What a principal may do in a secret scope. Levels are ordered: each one includes the rights of
/// those below it, so a caller holds the highest level any of its ACL entries grants.
/// </summary>
public enum SecretPermission
{
    /// <summary>No entry names the principal or any of its groups.</summary>
    None = 0,

    /// <summary>List the scope's keys; resolve its values inside the server.</summary>
    Read = 1,

    /// <summary>Read, and put or delete secrets.</summary>
    Write = 2,

    /// <summary>Write, and change the scope's ACL or delete the scope.</summary>
    Manage = 3,
}
