using System.Globalization;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Serving.History;

/// <summary>
/// Who writes a config and on what terms: the author and reason the history keeps, and the
/// config version the writer saw (<c>If-Match</c>), checked under the owner's lock.
/// </summary>
/// <param name="IfMatch">The version the writer expects to be current; null for no check.</param>
public sealed record ConfigWrite(string Author, string? Reason, long? IfMatch)
{
    /// <summary>
    /// The endpoint's current config version, the one <c>If-Match</c> and <c>ETag</c> name: the
    /// config being rolled out while an update is in progress, else the serving one (0 before the
    /// endpoint has any). A failed update's version does not count: the next update takes its number.
    /// </summary>
    public static long CurrentVersion(ServingEndpoint endpoint) =>
        endpoint.ConfigUpdate == ConfigUpdateState.InProgress && endpoint.PendingConfig is { } pending
            ? pending.ConfigVersion
            : endpoint.Config?.ConfigVersion ?? 0;

    /// <summary>Refuses with 412 (RESOURCE_CONFLICT) when the writer expected another version than the current one.</summary>
    public void CheckCurrent(ServingEndpoint endpoint)
    {
        if (IfMatch is { } expected && CurrentVersion(endpoint) is var current && current != expected)
        {
            throw new ServingException(ErrorCode.PreconditionFailed, string.Create(CultureInfo.InvariantCulture,
                $"If-Match names config version {expected}, but the current config version of serving endpoint {endpoint.Name} is {current}; read the endpoint again and retry."));
        }
    }
}
