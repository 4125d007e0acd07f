using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Permissions;

/// <summary>
/// Reads and changes an endpoint's ACL. PUT replaces the direct grants (the creator's CAN_MANAGE
/// always stays), PATCH merges by principal; every entry is checked before anything is written.
/// </summary>
public sealed class EndpointPermissionService(EndpointDirectory endpoints, IPrincipalDirectory directory)
{
    /// <summary>The endpoint with this id as it stands, when <paramref name="caller"/> holds at least <paramref name="needed"/> on it.</summary>
    public EndpointSnapshot Get(string id, CallerIdentity caller, PermissionLevel needed)
    {
        var endpoint = endpoints.OwnerById(id)?.Snapshot ?? throw NotFound(id);
        EndpointService.Authorize(endpoint, caller, needed);
        return endpoint;
    }

    /// <summary>Checks every requested entry, then has the endpoint's owner store and publish the new ACL: the data plane acts on it at once.</summary>
    public async Task<EndpointSnapshot> ChangeAsync(string id, JsonObject body, bool replace, CallerIdentity caller, CancellationToken ct)
    {
        var requested = await ReadEntriesAsync(body, ct);
        var owner = endpoints.OwnerById(id) ?? throw NotFound(id);
        return await owner.EditAsync(current =>
        {
            EndpointService.Authorize(current, caller, PermissionLevel.CanManage);
            var endpoint = current.Endpoint;
            // The creator's CAN_MANAGE is not for changing: it stays whatever is asked.
            bool IsCreator(AccessControlEntry entry) => entry.PrincipalName == endpoint.Creator && entry.PrincipalType != AclPrincipalType.Group;
            var entries = endpoint.Permissions.Where(e => !replace || IsCreator(e)).ToList();
            foreach (var entry in requested.Where(r => !IsCreator(r)))
            {
                // PATCH merges by principal, keeping each entry where it was.
                var at = entries.FindIndex(e => SamePrincipal(e, entry));
                if (at >= 0)
                {
                    entries[at] = entry;
                }
                else
                {
                    entries.Add(entry);
                }
            }

            return endpoint with { Permissions = entries };
        }, caller.Name, ct) ?? throw NotFound(id);
    }

    private static ServingException NotFound(string id) => ServingException.NotFound($"Serving endpoint with id {id} not found");

    private async Task<List<AccessControlEntry>> ReadEntriesAsync(JsonObject body, CancellationToken ct)
    {
        if (body["access_control_list"] is not JsonArray list)
        {
            throw ServingException.Invalid("access_control_list is required: a list of {user_name | group_name | service_principal_name, permission_level}.");
        }

        var entries = new List<AccessControlEntry>();
        var errors = new List<string>();
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"access_control_list[{i}]";
            if (list[i] is not JsonObject item)
            {
                errors.Add($"{path} must be a JSON object.");
                continue;
            }

            var named = new (AclPrincipalType Type, string Field)[]
            {
                (AclPrincipalType.User, "user_name"), (AclPrincipalType.Group, "group_name"), (AclPrincipalType.ServicePrincipal, "service_principal_name"),
            }.Where(p => item[p.Field] is not null).ToList();
            if (named.Count != 1 || item[named[0].Field] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var principal))
            {
                errors.Add($"{path} must name exactly one of user_name, group_name, service_principal_name.");
                continue;
            }

            var levelText = item["permission_level"] is JsonValue levelValue && levelValue.TryGetValue<string>(out var text) ? text : null;
            if (!PermissionLevelNames.TryParse(levelText, out var level))
            {
                errors.Add($"{path}.permission_level '{levelText}' is not one of CAN_VIEW, CAN_QUERY, CAN_MANAGE.");
                continue;
            }

            var type = named[0].Type;
            if (!await ExistsAsync(type, principal, ct))
            {
                errors.Add($"{path}.{named[0].Field}: no {Describe(type)} named '{principal}'.");
                continue;
            }

            entries.Add(new AccessControlEntry(type, principal, level));
        }

        if (errors.Count > 0)
        {
            throw ServingException.Invalid(string.Join(" ", errors));
        }

        return entries;
    }

    private Task<bool> ExistsAsync(AclPrincipalType type, string name, CancellationToken ct) => type switch
    {
        AclPrincipalType.Group => directory.GroupExistsAsync(name, ct),
        AclPrincipalType.ServicePrincipal => directory.ServicePrincipalExistsAsync(name, ct),
        _ => directory.UserExistsAsync(name, ct),
    };

    private static string Describe(AclPrincipalType type) => type switch
    {
        AclPrincipalType.Group => "group",
        AclPrincipalType.ServicePrincipal => "service principal",
        _ => "user",
    };

    private static bool SamePrincipal(AccessControlEntry a, AccessControlEntry b) =>
        a.PrincipalType == b.PrincipalType && a.PrincipalName == b.PrincipalName;
}
