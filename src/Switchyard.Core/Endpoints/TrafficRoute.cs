using System.Text.Json.Serialization;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// One route of the traffic split: a served entity and its share, given as a whole percentage of
/// 100 or (<see cref="TrafficBasisPoints"/>, ours) in basis points of 10000.
/// </summary>
public sealed record TrafficRoute(string ServedModelName, int TrafficPercentage)
{
    /// <summary>The share in basis points when the config gave it so; null when it gave a percentage.</summary>
    public int? TrafficBasisPoints { get; init; }

    /// <summary>
    /// The buckets the route owns, as <c>[start, end)</c> pairs flattened (see <see cref="BucketAllocation"/>);
    /// null in configs stored before buckets were kept, which own the cumulative intervals in route order.
    /// </summary>
    public IReadOnlyList<int>? Buckets { get; init; }

    /// <summary>The share in basis points, however it was given.</summary>
    [JsonIgnore]
    public int BasisPoints => TrafficBasisPoints ?? TrafficPercentage * 100;
}
