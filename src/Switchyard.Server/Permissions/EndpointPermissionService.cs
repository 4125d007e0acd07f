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
public sealed class EndpointPermissionService(
    IEndpointStore store, EndpointLocks locks, EndpointAccessTable access, IPrincipalDirectory directory)
{
    public async Task<ServingEndpoint> GetAsync(string id, CallerIdentity caller, PermissionLevel needed, CancellationToken ct)
    {
        var endpoint = await store.GetByIdAsync(id, ct)
            ?? throw ServingException.NotFound($"Serving endpoint with id {id} not found");
        EndpointService.Authorize(endpoint, caller, needed);
        return endpoint;
    }

    public async Task<ServingEndpoint> ChangeAsync(string id, JsonObject body, bool replace, CallerIdentity caller, CancellationToken ct)
    {
        var requested = await ReadEntriesAsync(body, ct);
        var name = (await GetAsync(id, caller, PermissionLevel.CanManage, ct)).Name;
        using (await locks.AcquireAsync(name, ct))
        {
            // Re-read under the lock: a config update may have written the endpoint meanwhile.
            var endpoint = await GetAsync(id, caller, PermissionLevel.CanManage, ct);
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

            var changed = endpoint with { Permissions = entries };
            await store.SaveAsync(changed, ct);
            access.Set(changed.Name, changed.Access);
            return changed;
        }
    }

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
