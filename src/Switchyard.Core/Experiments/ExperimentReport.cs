namespace Switchyard.Core.Experiments;

/// <summary>
/// The A/B readout of an endpoint over a window: one <see cref="ReadoutSegment"/> per config version
/// that answered queries in it (never pooled across versions), newest first, and the current
/// version's segment on its own (<see cref="Current"/>; empty when it answered nothing yet).
/// </summary>
/// <param name="ConfigVersion">The endpoint's serving config version; null before any config serves.</param>
/// <param name="Control">The arm every other is compared with (the request's, else the current config's first route).</param>
public sealed record ExperimentReport(
    string EndpointName, long? ConfigVersion, string? Control, ReadoutSegment Current, IReadOnlyList<ReadoutSegment> Segments)
{
    /// <summary>The segment of <paramref name="configVersion"/>, or null when that version answered nothing in the window.</summary>
    public ReadoutSegment? SegmentOf(long configVersion) => Segments.FirstOrDefault(s => s.ConfigVersion == configVersion);
}

/// <summary>
/// The queries one config version answered: its arms (routes of that version's split and any other
/// entity that answered, by name), the SRM test of units against the version's weights.
/// </summary>
/// <param name="Control">The control arm, null when it is not an arm of this version (no Δ is computed then).</param>
/// <param name="SrmPValue">χ² p-value of the units per weighted arm against the weights; null with fewer than two weighted arms or no units.</param>
/// <param name="SrmAlert">True when <paramref name="SrmPValue"/> is below <see cref="ExperimentAnalysis.SrmThreshold"/>.</param>
public sealed record ReadoutSegment(long ConfigVersion, string? Control, IReadOnlyList<ArmReadout> Arms, double? SrmPValue, bool SrmAlert)
{
    public ArmReadout? ArmOf(string servedEntityName) => Arms.FirstOrDefault(a => a.ServedEntityName == servedEntityName);
}

/// <summary>One arm's figures in one segment.</summary>
/// <param name="Units">Distinct units (hashed sticky keys; a query without one is its own unit).</param>
/// <param name="Errors">Queries answered with a status of 400 or more.</param>
/// <param name="ExpectedShare">The route's weight in the version's config (0 for an entity without a route); null when the version's config is unknown.</param>
/// <param name="ObservedShare">The arm's units over all units of the segment; null when the segment has none.</param>
/// <param name="Latency">Latency percentiles in milliseconds; null without queries.</param>
/// <param name="Tokens">Token sums; each null when no query of the arm counted tokens.</param>
public sealed record ArmReadout(
    string ServedEntityName,
    long Requests,
    long Units,
    long Errors,
    double? ExpectedShare,
    double? ObservedShare,
    LatencySummary? Latency,
    TokenTotals Tokens,
    IReadOnlyList<MetricReadout> Metrics)
{
    /// <summary>Errors over requests; null without requests.</summary>
    public double? ErrorRate => Requests == 0 ? null : (double)Errors / Requests;

    public MetricReadout? MetricOf(string metric) => Metrics.FirstOrDefault(m => m.Metric == metric);
}

public sealed record LatencySummary(double P50, double P95, double P99);

public sealed record TokenTotals(long? Input, long? Output);

/// <summary>
/// One feedback metric in one arm, analysed per unit (a unit's value is the mean of its queries'
/// values): the units with a value, their mean and its 95% CI, and the comparison with the control.
/// </summary>
/// <param name="CiLow">Lower end of the mean's 95% CI; null with fewer than two units.</param>
/// <param name="VsControl">Δ = this arm − control; null on the control arm, when the control has no values, or with fewer than two units on a side.</param>
public sealed record MetricReadout(string Metric, long Count, double Mean, double? CiLow, double? CiHigh, MetricComparison? VsControl);

/// <summary>Δ vs the control with its 95% CI and p-values; the intervals and p-values are null when neither side varies.</summary>
/// <param name="Test">"two_proportions" when every unit value on both sides is 0 or 1, else "welch".</param>
public sealed record MetricComparison(string Test, double Delta, double? CiLow, double? CiHigh, double? PValue, double? MsprtPValue);
