using Switchyard.Core.Identity;
using Switchyard.Core.Registry;

namespace Switchyard.Core.Permissions;

/// <summary>Decides who may read and serve a registered model (its owner, admins, and EXECUTE grantees).</summary>
public interface IModelAccessPolicy
{
    Task<bool> CanReadAsync(RegisteredModel model, CallerIdentity caller, CancellationToken ct);
}
