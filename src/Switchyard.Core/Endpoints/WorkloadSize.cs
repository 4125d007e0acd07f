namespace Switchyard.Core.Endpoints;

/// <summary>How many requests a served entity executes at once for each <c>workload_size</c>.</summary>
public static class WorkloadSize
{
    public const string Small = "Small";

    public static bool TryGetConcurrency(string size, out int concurrency)
    {
        concurrency = size.ToUpperInvariant() switch
        {
            "SMALL" => 4,
            "MEDIUM" => 16,
            "LARGE" => 64,
            _ => 0,
        };
        return concurrency > 0;
    }

    /// <summary>How many runs of a custom model go at once: by max_provisioned_concurrency when given, otherwise by workload size.</summary>
    public static int ConcurrencyOf(ServedEntityConfig entity) =>
        entity.Concurrency is { } range ? range.Max
        : TryGetConcurrency(entity.WorkloadSize, out var workload) ? workload
        : 4;
}
