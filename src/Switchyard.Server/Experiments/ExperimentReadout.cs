using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Experiments;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Experiments;

/// <summary>
/// Computes an endpoint's A/B readout over a window from the usage log, the feedback and the
/// config history (each version's weights). The experiment-report route answers it; a
/// progressive rollout calls <see cref="ComputeAsync"/> to judge its gates on the same figures.
/// It checks no permission: callers do.
/// </summary>
public sealed class ExperimentReadout(EndpointDirectory endpoints, IExperimentStore store, IConfigHistoryStore history)
{
    /// <summary>
    /// The readout of <paramref name="endpointName"/> over [<paramref name="from"/>, <paramref name="to"/>)
    /// (from no earlier than the endpoint's creation, so rows of a deleted namesake never count).
    /// </summary>
    /// <param name="control">The served entity the others are compared with; null for the serving config's first route.</param>
    /// <exception cref="ServingException">The endpoint does not exist (404), does not track usage, or <paramref name="control"/> is not one of its served entities (400).</exception>
    public async Task<ExperimentReport> ComputeAsync(string endpointName, DateTimeOffset from, DateTimeOffset to, string? control, CancellationToken ct)
    {
        var snapshot = endpoints.TryGetSnapshot(endpointName)
            ?? throw ServingException.NotFound($"Serving endpoint {endpointName} does not exist.");
        if (!snapshot.Gateway.UsageTracking)
        {
            throw ServingException.Invalid(
                $"The experiment report of serving endpoint {endpointName} reads its usage log: enable ai_gateway.usage_tracking_config first.");
        }

        var endpoint = snapshot.Endpoint;
        var config = endpoint.Config;
        if (control is not null && config?.Find(control) is null)
        {
            throw ServingException.Invalid($"control '{control}' is not a served entity of serving endpoint {endpointName}'s current config.");
        }

        control ??= config?.Routes.Count > 0 ? config.Routes[0].ServedModelName : null;
        var created = DateTimeOffset.FromUnixTimeMilliseconds(endpoint.CreationTimestamp);
        var capture = await store.ReadAsync(endpointName, from > created ? from : created, to, ct);
        var shares = new Dictionary<long, IReadOnlyDictionary<string, double>>();
        if (config is not null && SharesOf(config) is { } serving)
        {
            shares[config.ConfigVersion] = serving;
        }

        foreach (var version in capture.Queries.Select(q => q.ConfigVersion).Distinct())
        {
            if (config?.ConfigVersion != version && await history.FindAsync(endpoint.Id, version, ct) is { } entry
                && SharesOf(entry.Config) is { } earlier)
            {
                shares[version] = earlier;
            }
        }

        return ExperimentAnalysis.Analyse(endpointName, config?.ConfigVersion, control, capture, shares);
    }

    /// <summary>
    /// Each route's weight as a share of 1 (basis points over 10000); null for a config with
    /// traffic segments: their traffic takes other splits, and the usage rows do not say which,
    /// so no one share is expected of an arm (and SRM is not tested).
    /// </summary>
    private static Dictionary<string, double>? SharesOf(EndpointConfig config)
    {
        if (config.Segments.Count > 0)
        {
            return null;
        }

        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var route in config.Routes)
        {
            shares[route.ServedModelName] = route.BasisPoints / 10_000.0;
        }

        return shares;
    }
}
