using Switchyard.Core.Endpoints;
using Switchyard.Server.Serving.History;

namespace Switchyard.Server.Serving;

/// <summary>
/// The owner's part of the config history: each config it accepts is kept whole, under the lock
/// and before the endpoint's own row is written, so no accepted version goes unrecorded (a write
/// that then fails leaves a row its version's next config replaces).
/// </summary>
public sealed partial class EndpointOwner
{
    private Task KeepConfigAsync(ServingEndpoint endpoint, EndpointConfig? before, EndpointConfig accepted, ConfigWrite write, CancellationToken ct)
    {
        var view = ConfigView.Of(accepted, Name);
        // The first version has nothing before it: its diff is empty, its config says it all.
        var diff = before is null ? [] : ConfigDiff.Between(ConfigView.Of(before, Name), view);
        var entry = new ConfigHistoryEntry(
            endpoint.Id, accepted.ConfigVersion, write.Author, _time.GetUtcNow().ToUnixTimeMilliseconds(), write.Reason, accepted, diff);
        return _history.SaveAsync(entry, ct);
    }

    /// <summary>Deletes a deleted endpoint's configs; the endpoint is gone already, so a failure is logged, not answered.</summary>
    private async Task ForgetConfigsAsync(string endpointId)
    {
        try
        {
            await _history.DeleteEndpointAsync(endpointId, CancellationToken.None);
        }
        catch (Exception error)
        {
            HistoryLog.ForgetFailed(_logger, Name, error);
        }
    }

    private static partial class HistoryLog
    {
        [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Could not delete the config history of deleted endpoint {Endpoint}")]
        public static partial void ForgetFailed(ILogger logger, string endpoint, Exception error);
    }
}
