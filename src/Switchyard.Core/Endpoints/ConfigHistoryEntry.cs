using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// One config version an endpoint accepted (at create, by <c>PUT …/config</c> or by a rollback):
/// the config whole as it was stored (literal provider keys sealed, as the endpoint store keeps
/// them), who sent it and when, why (optional) and what changed from the version before it.
/// </summary>
/// <param name="Diff">The changes from the version before, as <c>[{"path", "from", "to"}]</c>; empty for the first.</param>
public sealed record ConfigHistoryEntry(
    string EndpointId, long ConfigVersion, string Author, long Timestamp, string? Reason, EndpointConfig Config, JsonArray Diff);
