namespace Switchyard.Server.Experiments.Rollouts;

/// <summary>Where a progressive rollout stands; RUNNING and PAUSED are in progress, the others are ended.</summary>
public enum RolloutState
{
    Running,
    Paused,
    Succeeded,
    RolledBack,
    Aborted,
}

public static class RolloutStateNames
{
    public static string ToWire(this RolloutState state) => state switch
    {
        RolloutState.Running => "RUNNING",
        RolloutState.Paused => "PAUSED",
        RolloutState.Succeeded => "SUCCEEDED",
        RolloutState.RolledBack => "ROLLED_BACK",
        _ => "ABORTED",
    };

    public static RolloutState Parse(string text) => text switch
    {
        "RUNNING" => RolloutState.Running,
        "PAUSED" => RolloutState.Paused,
        "SUCCEEDED" => RolloutState.Succeeded,
        "ROLLED_BACK" => RolloutState.RolledBack,
        _ => RolloutState.Aborted,
    };

    public static bool InProgress(this RolloutState state) => state is RolloutState.Running or RolloutState.Paused;
}
