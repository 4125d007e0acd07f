namespace Switchyard.Core.Routing;

/// <summary>A shadow of one config version: the entity and the share of the primaries' queries it gets a copy of, in percent (0 &lt; p ≤ 100).</summary>
public sealed record ShadowRoute(ServedEntity Entity, double SamplePercentage)
{
    /// <summary>True for a query the shadow samples: a fair coin weighted by its percentage, drawn afresh each query.</summary>
    public bool Samples() => SamplePercentage >= 100 || Random.Shared.NextDouble() * 100 < SamplePercentage;
}
