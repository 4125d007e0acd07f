using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// One served entity as the user declared it, validated and resolved against the registry.
/// <see cref="Kind"/> names the driver that read it and serves it (stored with it, so a restart
/// finds the same driver).
/// <see cref="Declared"/> keeps every field the user sent (normalised: <c>name</c> filled in),
/// so fields we do not act on yet are kept and echoed. <see cref="External"/> is set for an
/// external model (which has no registry entity: <see cref="EntityName"/> is empty),
/// <see cref="Band"/> for a provisioned-throughput foundation model, and
/// <see cref="Concurrency"/> for a custom model sized by min/max_provisioned_concurrency instead of
/// a workload size.
/// </summary>
public sealed record ServedEntityConfig(
    string Name,
    string Kind,
    string EntityName,
    string EntityVersion,
    int ResolvedVersion,
    string WorkloadSize,
    bool ScaleToZeroEnabled,
    string Creator,
    long CreationTimestamp,
    JsonObject Declared,
    ExternalModelSpec? External = null,
    ThroughputBand? Band = null,
    ProvisionedConcurrency? Concurrency = null)
{
    /// <summary>
    /// The share of the primaries' queries a shadow (<c>role: "shadow"</c>) gets a copy of, in
    /// percent; null for a primary. Read from <see cref="Declared"/>, so a stored config keeps it.
    /// </summary>
    [JsonIgnore]
    public double? ShadowSamplePercentage => ServedEntityRole.ShadowPercentageOf(Declared);

    [JsonIgnore]
    public bool IsShadow => ShadowSamplePercentage is not null;

    /// <summary>A custom model's dynamic batching, null when off. Read from <see cref="Declared"/>, so a stored config keeps it.</summary>
    [JsonIgnore]
    public DynamicBatching? Batching => DynamicBatching.Of(Declared);

    /// <summary>
    /// True when <paramref name="other"/> would run exactly the same thing, so an update can keep
    /// the loaded instance instead of reloading it.
    /// </summary>
    public bool RunsSameAs(ServedEntityConfig other) =>
        Name == other.Name
        && Kind == other.Kind
        && EntityName == other.EntityName
        && ResolvedVersion == other.ResolvedVersion
        && string.Equals(WorkloadSize, other.WorkloadSize, StringComparison.OrdinalIgnoreCase)
        && ScaleToZeroEnabled == other.ScaleToZeroEnabled
        && Band == other.Band
        && Concurrency == other.Concurrency
        && JsonNode.DeepEquals(Declared["external_model"], other.Declared["external_model"])
        && JsonNode.DeepEquals(Declared["environment_vars"], other.Declared["environment_vars"])
        && JsonNode.DeepEquals(Declared[DynamicBatching.Field], other.Declared[DynamicBatching.Field]);
}
