using Switchyard.Core.Identity;

namespace Switchyard.Server.Identity;

/// <summary>
/// All principals and groups read at once, so that an answer can name every member and every
/// group without a query per row. Identity data is small; the control plane can afford it.
/// </summary>
internal sealed class IdentityView
{
    private static readonly PrincipalKind[] Kinds = [PrincipalKind.User, PrincipalKind.ServicePrincipal];

    private readonly Dictionary<string, Principal> _principals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PrincipalGroup>> _groupsOf = new(StringComparer.Ordinal);

    private IdentityView(IReadOnlyList<PrincipalGroup> groups) => Groups = groups;

    public IReadOnlyList<PrincipalGroup> Groups { get; }

    public static async Task<IdentityView> LoadAsync(IIdentityStore store, CancellationToken ct)
    {
        var view = new IdentityView(await store.ListGroupsAsync(ct));
        foreach (var kind in Kinds)
        {
            foreach (var principal in await store.ListPrincipalsAsync(kind, ct))
            {
                view._principals[principal.Id] = principal;
            }
        }

        foreach (var group in view.Groups)
        {
            foreach (var member in group.MemberIds)
            {
                if (!view._groupsOf.TryGetValue(member, out var list))
                {
                    view._groupsOf[member] = list = [];
                }

                list.Add(group);
            }
        }

        return view;
    }

    public IEnumerable<Principal> Principals(PrincipalKind kind) => _principals.Values.Where(p => p.Kind == kind).OrderBy(p => p.Name, StringComparer.Ordinal);

    public Principal? Principal(string id) => _principals.GetValueOrDefault(id);

    public IReadOnlyList<PrincipalGroup> GroupsOf(string principalId) => _groupsOf.TryGetValue(principalId, out var list) ? list : [];
}
