using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Switchyard.Core.Permissions;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// An endpoint as the store keeps it. <see cref="Config"/> is what serves now (null until the
/// first config is deployed); <see cref="PendingConfig"/> is the config being rolled out, kept
/// after a failed rollout so its failure stays readable. <see cref="Extras"/> holds the
/// top-level fields we keep and echo without acting on them (tags, ai_gateway, description…).
/// <see cref="Permissions"/> are the direct grants besides the creator's CAN_MANAGE.
/// </summary>
public sealed record ServingEndpoint(
    string Id,
    string Name,
    string Creator,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    EndpointConfig? Config,
    EndpointConfig? PendingConfig,
    long? PendingStartTime,
    ConfigUpdateState ConfigUpdate,
    string? UpdateFailure,
    JsonObject Extras,
    IReadOnlyList<AccessControlEntry> Permissions)
{
    /// <summary>Its access rules: the creator manages it; the direct grants give the rest.</summary>
    public EndpointAccess Access => new(Creator, Permissions);

    /// <summary>
    /// The config version a new update gets: one above the serving config, so that versions
    /// count applied configs (a failed rollout's number is reused by the next attempt).
    /// </summary>
    public long NextConfigVersion => (Config?.ConfigVersion ?? 0) + 1;

    /// <summary>
    /// How many times its row was written (1 when created). Not part of the document: the store keeps
    /// it beside the row and refuses a save made from an older version, so replicas sharing one
    /// database never overwrite each other's changes unseen.
    /// </summary>
    [JsonIgnore]
    public long RowVersion { get; init; } = 1;
}
