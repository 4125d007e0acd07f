namespace Switchyard.Core.Runtimes;

/// <summary>
/// A loaded model that reports its own figures (an LLM engine: tokens per second, time to first
/// token…), shown beside the entity's queue figures by the endpoint's metrics route.
/// </summary>
public interface IReportsMetrics
{
    /// <summary>Adds the model's current figures; cheap, called on every scrape.</summary>
    void Report(ICollection<ServedMetric> metrics);
}

/// <summary>
/// One figure of a served entity, named in Prometheus style (<c>snake_case</c>, unit suffix) with
/// a one-line help text.
/// </summary>
public readonly record struct ServedMetric(string Name, double Value, string Help, bool IsCounter = false);
