using System.Text.Json.Nodes;
using Switchyard.Core.Identity;

namespace Switchyard.Server.Identity;

/// <summary>The SCIM 2.0 shapes Databricks answers with: users, service principals, groups, list responses.</summary>
internal static class ScimAnswers
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string ServicePrincipalSchema = "urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string ListSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public static JsonObject Principal(Principal principal, IReadOnlyList<PrincipalGroup> groups)
    {
        var groupRefs = new JsonArray();
        foreach (var group in groups)
        {
            groupRefs.Add(new JsonObject
            {
                ["value"] = group.Id,
                ["display"] = group.DisplayName,
                ["type"] = "direct",
                ["$ref"] = $"Groups/{group.Id}",
            });
        }

        var answer = new JsonObject { ["id"] = principal.Id };
        if (principal.Kind == PrincipalKind.User)
        {
            answer["schemas"] = IdentityJson.Strings(UserSchema);
            answer["userName"] = principal.Name;
        }
        else
        {
            answer["schemas"] = IdentityJson.Strings(ServicePrincipalSchema);
            answer["applicationId"] = principal.Name;
        }

        answer["displayName"] = principal.DisplayName;
        answer["active"] = principal.Active;
        answer["groups"] = groupRefs;
        return answer;
    }

    public static JsonObject Group(PrincipalGroup group, IdentityView view)
    {
        var members = new JsonArray();
        foreach (var memberId in group.MemberIds)
        {
            var member = view.Principal(memberId);
            members.Add(new JsonObject
            {
                ["value"] = memberId,
                ["display"] = member?.DisplayName,
                ["$ref"] = member?.Kind == PrincipalKind.ServicePrincipal ? $"ServicePrincipals/{memberId}" : $"Users/{memberId}",
            });
        }

        return new JsonObject
        {
            ["schemas"] = IdentityJson.Strings(GroupSchema),
            ["id"] = group.Id,
            ["displayName"] = group.DisplayName,
            ["members"] = members,
        };
    }

    /// <summary>A list response over the matches, paged by SCIM's 1-based <c>startIndex</c> and <c>count</c>.</summary>
    public static JsonObject List(IReadOnlyList<JsonObject> matches, HttpRequest request)
    {
        var start = Math.Max(1, QueryInt(request, "startIndex") ?? 1);
        var count = Math.Max(0, QueryInt(request, "count") ?? int.MaxValue);
        var resources = new JsonArray();
        for (var i = start - 1; i < matches.Count && resources.Count < count; i++)
        {
            resources.Add(matches[i]);
        }

        return new JsonObject
        {
            ["schemas"] = IdentityJson.Strings(ListSchema),
            ["totalResults"] = matches.Count,
            ["startIndex"] = start,
            ["itemsPerPage"] = resources.Count,
            ["Resources"] = resources,
        };
    }

    private static int? QueryInt(HttpRequest request, string name) =>
        int.TryParse(request.Query[name].ToString(), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
