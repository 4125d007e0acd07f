using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Permissions;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// Finds the endpoint's snapshot and takes its live routing and access rules from it, both of one
/// moment, with no lock and no database read. An endpoint without live routing is told apart
/// (unknown, not ready yet, no serving config) from the same snapshot.
/// </summary>
public sealed class ResolveEndpointStep(EndpointDirectory endpoints) : InvocationStep
{
    public override ValueTask RunAsync(Invocation invocation)
    {
        var snapshot = endpoints.TryGetSnapshot(invocation.EndpointName);
        if (snapshot?.Live is not { } route)
        {
            return AnswerNoRoute(invocation, snapshot);
        }

        invocation.Route = route;
        invocation.Access = snapshot.Access;
        invocation.Gateway = snapshot.Gateway;
        return NextAsync(invocation);
    }

    /// <summary>No live route: an unknown endpoint, or one whose first config is not serving yet.</summary>
    private static ValueTask AnswerNoRoute(Invocation invocation, EndpointSnapshot? snapshot)
    {
        var name = invocation.EndpointName;
        if (snapshot is null)
        {
            return invocation.FailAsync(ErrorCode.EndpointNotFound,
                "The given endpoint does not exist, please retry after checking the specified model and version deployment exists.");
        }

        if (snapshot.Access.LevelFor(invocation.Caller) < PermissionLevel.CanQuery)
        {
            return AuthorizeStep.DenyAsync(invocation);
        }

        return snapshot.Endpoint.ConfigUpdate == ConfigUpdateState.InProgress
            ? invocation.FailAsync(ErrorCode.TemporarilyUnavailable,
                $"Endpoint {name} is not ready yet: its served entities are loading.", retryAfterSeconds: 1)
            : invocation.FailAsync(ErrorCode.BadRequest,
                $"Endpoint {name} has no config serving traffic{(snapshot.Endpoint.UpdateFailure is { } why ? $": {why}" : ".")}");
    }
}
