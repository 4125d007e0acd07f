namespace Switchyard.Core.Routing;

/// <summary><c>state.deployment</c> of a served entity.</summary>
public enum DeploymentState
{
    Creating,
    Ready,
    Failed,
    Aborted,
}

/// <summary>The wire spelling of each <see cref="DeploymentState"/>.</summary>
public static class DeploymentStateNames
{
    public static string ToWire(this DeploymentState state) => state switch
    {
        DeploymentState.Creating => "DEPLOYMENT_CREATING",
        DeploymentState.Ready => "DEPLOYMENT_READY",
        DeploymentState.Failed => "DEPLOYMENT_FAILED",
        _ => "DEPLOYMENT_ABORTED",
    };
}
