using Switchyard.Core.Errors;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// Chooses the served entity: the one the path names, or one the traffic split picks at random
/// by weight. The answer names it in the <c>served-model-name</c> header.
/// </summary>
public sealed class ChooseEntityStep : InvocationStep
{
    public const string ServedModelHeader = "served-model-name";

    public override ValueTask RunAsync(Invocation invocation)
    {
        var route = invocation.Route;
        var entity = invocation.ServedName is { } served ? route.Find(served) : route.Pick();
        if (entity is null)
        {
            return invocation.FailAsync(ErrorCode.ResourceDoesNotExist, invocation.ServedName is null
                ? $"Endpoint {route.EndpointName} routes no traffic to any served entity."
                : $"Endpoint {route.EndpointName} has no served entity named {invocation.ServedName}.");
        }

        invocation.Entity = entity;
        invocation.Context.Response.Headers[ServedModelHeader] = entity.Name;
        return NextAsync(invocation);
    }
}
