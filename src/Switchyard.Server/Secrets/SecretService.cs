using System.Security.Cryptography;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Secrets;

namespace Switchyard.Server.Secrets;

/// <summary>
/// The secrets control plane with Databricks' rules: READ lists a scope's keys, WRITE puts and
/// deletes secrets, MANAGE changes the ACL and deletes the scope. A scope's creator gets MANAGE;
/// administrators manage every scope. No operation answers with a value.
/// </summary>
public sealed partial class SecretService(
    ISecretStore store,
    SecretCipher cipher,
    TimeProvider time,
    ILogger<SecretService> logger,
    IPrincipalDirectory? directory = null)
{
    /// <summary>The only backend offered: values sealed in this server's own database.</summary>
    public const string BackendType = "DATABRICKS";

    /// <summary>
    /// What <paramref name="caller"/> may do in <paramref name="scope"/>; null when the scope does
    /// not exist. "May X read S" is <c>PermissionOfAsync(S, X) &gt;= SecretPermission.Read</c>.
    /// </summary>
    public async Task<SecretPermission?> PermissionOfAsync(string scope, CallerIdentity caller, CancellationToken ct)
    {
        if (await store.GetScopeAsync(scope, ct) is null)
        {
            return null;
        }

        return caller.IsAdmin ? SecretPermission.Manage : SecretAccess.PermissionOf(caller, await store.ListAclAsync(scope, ct));
    }

    public async Task CreateScopeAsync(string scope, string? initialManagePrincipal, string? backendType, CallerIdentity caller, CancellationToken ct)
    {
        if (backendType is not null && backendType != BackendType)
        {
            throw ServingException.Invalid($"scope_backend_type {backendType} is not offered; only {BackendType} scopes are.");
        }

        List<SecretAclEntry> acl = [new(caller.Name, SecretPermission.Manage)];
        if (initialManagePrincipal is not null && initialManagePrincipal != caller.Name)
        {
            await RequirePrincipalAsync(initialManagePrincipal, ct);
            acl.Add(new SecretAclEntry(initialManagePrincipal, SecretPermission.Manage));
        }

        if (!await store.CreateScopeAsync(new SecretScope(scope, caller.Name, Now()), acl, ct))
        {
            throw ServingException.AlreadyExists($"Scope {scope} already exists!");
        }

        Log.ScopeCreated(logger, scope, caller.Name);
    }

    /// <summary>The scopes <paramref name="caller"/> holds any permission on (every scope, for an administrator).</summary>
    public async Task<IReadOnlyList<SecretScope>> ListScopesAsync(CallerIdentity caller, CancellationToken ct)
    {
        var scopes = await store.ListScopesAsync(ct);
        if (caller.IsAdmin)
        {
            return scopes;
        }

        var visible = new List<SecretScope>();
        foreach (var scope in scopes)
        {
            if (SecretAccess.PermissionOf(caller, await store.ListAclAsync(scope.Name, ct)) > SecretPermission.None)
            {
                visible.Add(scope);
            }
        }

        return visible;
    }

    public async Task DeleteScopeAsync(string scope, CallerIdentity caller, CancellationToken ct)
    {
        await RequireAsync(scope, caller, SecretPermission.Manage, ct);
        if (!await store.DeleteScopeAsync(scope, ct))
        {
            throw ScopeMissing(scope);
        }

        Log.ScopeDeleted(logger, scope, caller.Name);
    }

    /// <summary>Seals and stores <paramref name="value"/>, then wipes it: the caller's array is zeroed on return.</summary>
    public async Task PutSecretAsync(string scope, string key, byte[] value, CallerIdentity caller, CancellationToken ct)
    {
        try
        {
            await RequireAsync(scope, caller, SecretPermission.Write, ct);
            var sealedValue = cipher.Seal(scope, key, value);
            if (!await store.PutSecretAsync(scope, key, sealedValue, Now(), ct))
            {
                throw ScopeMissing(scope);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(value);
        }

        Log.SecretPut(logger, scope, key, caller.Name);
    }

    public async Task<IReadOnlyList<SecretMetadata>> ListSecretsAsync(string scope, CallerIdentity caller, CancellationToken ct)
    {
        await RequireAsync(scope, caller, SecretPermission.Read, ct);
        return await store.ListSecretsAsync(scope, ct);
    }

    public async Task DeleteSecretAsync(string scope, string key, CallerIdentity caller, CancellationToken ct)
    {
        await RequireAsync(scope, caller, SecretPermission.Write, ct);
        if (!await store.DeleteSecretAsync(scope, key, ct))
        {
            throw ServingException.NotFound($"Secret {key} does not exist in scope {scope}.");
        }

        Log.SecretDeleted(logger, scope, key, caller.Name);
    }

    public async Task PutAclAsync(string scope, SecretAclEntry entry, CallerIdentity caller, CancellationToken ct)
    {
        await RequireAsync(scope, caller, SecretPermission.Manage, ct);
        await RequirePrincipalAsync(entry.Principal, ct);
        if (!await store.PutAclAsync(scope, entry, ct))
        {
            throw ScopeMissing(scope);
        }

        Log.AclPut(logger, scope, entry.Principal, entry.Permission, caller.Name);
    }

    public async Task<SecretAclEntry> GetAclAsync(string scope, string principal, CallerIdentity caller, CancellationToken ct)
    {
        await RequireAsync(scope, caller, SecretPermission.Manage, ct);
        foreach (var entry in await store.ListAclAsync(scope, ct))
        {
            if (entry.Principal == principal)
            {
                return entry;
            }
        }

        throw ServingException.NotFound($"No ACL for principal {principal} in scope {scope}.");
    }

    public async Task<IReadOnlyList<SecretAclEntry>> ListAclAsync(string scope, CallerIdentity caller, CancellationToken ct)
    {
        await RequireAsync(scope, caller, SecretPermission.Manage, ct);
        return await store.ListAclAsync(scope, ct);
    }

    public async Task DeleteAclAsync(string scope, string principal, CallerIdentity caller, CancellationToken ct)
    {
        await RequireAsync(scope, caller, SecretPermission.Manage, ct);
        if (!await store.DeleteAclAsync(scope, principal, ct))
        {
            throw ServingException.NotFound($"No ACL for principal {principal} in scope {scope}.");
        }

        Log.AclDeleted(logger, scope, principal, caller.Name);
    }

    private async Task RequireAsync(string scope, CallerIdentity caller, SecretPermission needed, CancellationToken ct)
    {
        var held = await PermissionOfAsync(scope, caller, ct) ?? throw ScopeMissing(scope);
        if (held < needed)
        {
            throw new ServingException(ErrorCode.PermissionDenied,
                $"{caller.Name} does not have {needed.ToWire()} permission on scope {scope}.");
        }
    }

    // Grants to no one are refused once a directory of principals exists (the auth issue brings it).
    private async Task RequirePrincipalAsync(string principal, CancellationToken ct)
    {
        if (directory is null)
        {
            return;
        }

        var known = await directory.UserExistsAsync(principal, ct)
            || await directory.GroupExistsAsync(principal, ct)
            || await directory.ServicePrincipalExistsAsync(principal, ct);
        if (!known)
        {
            throw ServingException.Invalid($"Principal {principal} is not a user, group or service principal of this workspace.");
        }
    }

    private static ServingException ScopeMissing(string scope) => ServingException.NotFound($"Scope {scope} does not exist!");

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Secret scope {Scope} created by {Caller}")]
        public static partial void ScopeCreated(ILogger logger, string scope, string caller);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Secret scope {Scope} deleted by {Caller}")]
        public static partial void ScopeDeleted(ILogger logger, string scope, string caller);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Secret {Scope}/{Key} put by {Caller}")]
        public static partial void SecretPut(ILogger logger, string scope, string key, string caller);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Secret {Scope}/{Key} deleted by {Caller}")]
        public static partial void SecretDeleted(ILogger logger, string scope, string key, string caller);

        [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Secret scope {Scope} grants {Permission} to {Principal}, set by {Caller}")]
        public static partial void AclPut(ILogger logger, string scope, string principal, SecretPermission permission, string caller);

        [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Secret scope {Scope} no longer grants anything to {Principal}, by {Caller}")]
        public static partial void AclDeleted(ILogger logger, string scope, string principal, string caller);
    }
}
