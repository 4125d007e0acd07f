using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;

namespace Switchyard.Server.Registry;

/// <summary>
/// Who may do what to a registered model: its owner and admins change it and grant on it; they
/// and EXECUTE grantees (directly or through a group) read it and serve it.
/// </summary>
public sealed class ModelAccess(IRegistryStore registry, IModelGrantStore grants) : IModelAccessPolicy
{
    public async Task<bool> CanReadAsync(RegisteredModel model, CallerIdentity caller, CancellationToken ct)
    {
        if (CanChange(model, caller))
        {
            return true;
        }

        foreach (var (principal, privileges) in await grants.ListAsync(model.Name, ct))
        {
            if ((principal == caller.Name || caller.Groups.Contains(principal)) && privileges.Contains(ModelPrivilege.Execute))
            {
                return true;
            }
        }

        return false;
    }

    public static bool CanChange(RegisteredModel model, CallerIdentity caller) => caller.IsAdmin || model.Owner == caller.Name;

    /// <summary>The model, when the caller may read it; 404 when it does not exist, 403 when it may not.</summary>
    public async Task<RegisteredModel> RequireReadAsync(ModelName name, CallerIdentity caller, CancellationToken ct)
    {
        var model = await FindAsync(name, ct);
        return await CanReadAsync(model, caller, ct) ? model : throw Denied(caller, name, "EXECUTE on");
    }

    /// <summary>The model, when the caller owns it or is an admin.</summary>
    public async Task<RegisteredModel> RequireChangeAsync(ModelName name, CallerIdentity caller, CancellationToken ct)
    {
        var model = await FindAsync(name, ct);
        return CanChange(model, caller) ? model : throw Denied(caller, name, "ownership of");
    }

    private async Task<RegisteredModel> FindAsync(ModelName name, CancellationToken ct) =>
        await registry.GetModelAsync(name, ct) ?? throw ServingException.NotFound($"Registered model '{name}' does not exist.");

    private static ServingException Denied(CallerIdentity caller, ModelName name, string what) =>
        new(ErrorCode.PermissionDenied, $"{caller.Name} does not have {what} registered model '{name}'.");
}
