namespace Switchyard.Core.Endpoints;

/// <summary>
/// A custom model's concurrency range from <c>min_provisioned_concurrency</c> /
/// <c>max_provisioned_concurrency</c>, the finer-grained replacement of <c>workload_size</c>. One
/// unit of concurrency runs one request at a time; the entity's gate is sized by
/// <see cref="Max"/>. There are no replicas to add or remove on one host, so <see cref="Min"/> is
/// checked and echoed but changes nothing at run time.
/// </summary>
public sealed record ProvisionedConcurrency(int Min, int Max)
{
    /// <summary>Both bounds come in steps of this many, as the hosted service's sizes (4, 8–16, 16–64) do.</summary>
    public const int Step = 4;

    /// <summary>The hosted service's documented per-model limit.</summary>
    public const int MaxPerEntity = 1024;
}
