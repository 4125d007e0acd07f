using Switchyard.Core.Registry;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// Measures how many completion tokens per second a foundation-model version generates on this
/// host (the LLM engine implements it), so that a provisioned band can be compared with what the
/// machine can do. Null when it cannot be measured (no engine, not a foundation model).
/// </summary>
public interface IThroughputProbe
{
    Task<double?> MeasureAsync(ModelVersion version, CancellationToken ct);
}
