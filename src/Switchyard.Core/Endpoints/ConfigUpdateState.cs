namespace Switchyard.Core.Endpoints;

/// <summary><c>state.config_update</c>: clients wait on this alone.</summary>
public enum ConfigUpdateState
{
    NotUpdating,
    InProgress,
    UpdateFailed,
}
