namespace Switchyard.Server.Replicas;

/// <summary>One replica alone (SQLite in the data folder): nobody else writes, so there is nothing to tell or hear.</summary>
public sealed class LocalChangeSignal(string replicaName) : IChangeSignal
{
    public string ReplicaName { get; } = replicaName;

    public bool IsShared => false;

    public ValueTask PublishAsync(ChangeKind kind, string key, CancellationToken ct) => ValueTask.CompletedTask;

    public IDisposable Subscribe(Func<Change, CancellationToken, Task> handler) => Nothing.Instance;

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}
