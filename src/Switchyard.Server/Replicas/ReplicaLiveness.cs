namespace Switchyard.Server.Replicas;

/// <summary>
/// When a replica counts as live: it beats every <see cref="Beat"/> and is live while its last
/// beat is younger than <see cref="Window"/> (five missed beats). A replica killed without leaving
/// holds a rollout back for at most that long.
/// </summary>
public static class ReplicaLiveness
{
    public static readonly TimeSpan Beat = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
}
