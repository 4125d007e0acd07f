using Switchyard.Core.Errors;
using Switchyard.Core.Permissions;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>Lets through callers with CAN_QUERY on the endpoint (granted to them or a group, or as its creator or an admin).</summary>
public sealed class AuthorizeStep : InvocationStep
{
    public override ValueTask RunAsync(Invocation invocation) =>
        invocation.Access.LevelFor(invocation.Caller) < PermissionLevel.CanQuery ? DenyAsync(invocation) : NextAsync(invocation);

    /// <summary>The refusal, naming the caller and the level needed.</summary>
    public static ValueTask DenyAsync(Invocation invocation) =>
        invocation.FailAsync(ErrorCode.PermissionDenied,
            $"{invocation.Caller.Name} does not have CAN_QUERY permission on serving endpoint {invocation.EndpointName}.");
}
