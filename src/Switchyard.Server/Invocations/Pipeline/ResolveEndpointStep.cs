using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Permissions;
using Switchyard.Core.Routing;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// Finds the endpoint's live routing snapshot and its access rules, read once for the whole
/// query with no lock and no database read. An endpoint with no snapshot is told apart (unknown,
/// not ready yet, no serving config) on that slow path only.
/// </summary>
public sealed class ResolveEndpointStep(RoutingTable routing, EndpointAccessTable access, IEndpointStore store) : InvocationStep
{
    public override ValueTask RunAsync(Invocation invocation)
    {
        if (!routing.TryGet(invocation.EndpointName, out var route))
        {
            return new ValueTask(AnswerNoRouteAsync(invocation));
        }

        if (access.Get(invocation.EndpointName) is not { } rules)
        {
            return AuthorizeStep.DenyAsync(invocation);
        }

        invocation.Route = route;
        invocation.Access = rules;
        return NextAsync(invocation);
    }

    /// <summary>No live route: an unknown endpoint, or one whose first config is not serving yet.</summary>
    private async Task AnswerNoRouteAsync(Invocation invocation)
    {
        var name = invocation.EndpointName;
        var endpoint = await store.GetAsync(name, invocation.Context.RequestAborted);
        if (endpoint is null)
        {
            await invocation.FailAsync(ErrorCode.EndpointNotFound,
                "The given endpoint does not exist, please retry after checking the specified model and version deployment exists.");
        }
        else if (endpoint.Access.LevelFor(invocation.Caller) < PermissionLevel.CanQuery)
        {
            await AuthorizeStep.DenyAsync(invocation);
        }
        else if (endpoint.ConfigUpdate == ConfigUpdateState.InProgress)
        {
            await invocation.FailAsync(ErrorCode.TemporarilyUnavailable,
                $"Endpoint {name} is not ready yet: its served entities are loading.", retryAfterSeconds: 1);
        }
        else
        {
            await invocation.FailAsync(ErrorCode.BadRequest,
                $"Endpoint {name} has no config serving traffic{(endpoint.UpdateFailure is { } why ? $": {why}" : ".")}");
        }
    }
}
