using Switchyard.Core.Gateway;
using Switchyard.Core.Identity;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// The terms of one kind (rate limits, or budgets) and which of them apply to a caller. The rules
/// of precedence, exactly:
/// <list type="bullet">
/// <item><c>endpoint</c> terms always apply, one count for the whole endpoint.</item>
/// <item><c>user</c> terms apply to users only, <c>service_principal</c> terms to service principals
/// only (<see cref="CallerIdentity.Kind"/>), each caller counted on their own. When some term of
/// the key names the caller (<c>principal</c> = their user name or application id), the terms naming
/// them apply and that key's default terms (no <c>principal</c>) do not; otherwise the defaults do.</item>
/// <item><c>user_group</c> terms: for each group the caller is in, the terms naming that group
/// apply, or when none does, the default group terms; the count is the group's, shared by its
/// members. A caller in several groups is counted by one group term per window and measure only:
/// the most generous (the highest amount; on a tie a named term before a default one, then the
/// group first in ordinal order, then the rule first in the list). A group that sets nothing for a
/// window does not lift another group's limit for it.</item>
/// <item>Every term that applies must admit the query: the strictest decides.</item>
/// </list>
/// Group terms do not override user terms (unlike Databricks, where a custom limit replaces the
/// user default): both count, and the stricter wins.
/// </summary>
public sealed class LimitTermSet
{
    private static readonly LimitMeasure[] Measures = [LimitMeasure.Calls, LimitMeasure.Tokens];
    private static readonly LimitWindow[] Windows = [LimitWindow.Minute, LimitWindow.Hour, LimitWindow.Day, LimitWindow.Month];

    private readonly HashSet<string> _namedUsers;
    private readonly HashSet<string> _namedServicePrincipals;
    private readonly HashSet<string> _namedGroups;
    private readonly bool _hasGroupTerms;

    public LimitTermSet(IReadOnlyList<LimitTerm> terms)
    {
        Terms = terms;
        _namedUsers = Named(terms, LimitKey.User);
        _namedServicePrincipals = Named(terms, LimitKey.ServicePrincipal);
        _namedGroups = Named(terms, LimitKey.UserGroup);
        _hasGroupTerms = terms.Any(term => term.Key == LimitKey.UserGroup);
    }

    public IReadOnlyList<LimitTerm> Terms { get; }

    public bool IsEmpty => Terms.Count == 0;

    /// <summary>Adds the terms that apply to <paramref name="caller"/>, each with the subject it counts, to <paramref name="applied"/>.</summary>
    public void AddApplying(CallerIdentity caller, List<AppliedLimit> applied)
    {
        var isUser = caller.Kind == PrincipalKind.User;
        var named = (isUser ? _namedUsers : _namedServicePrincipals).Contains(caller.Name);
        var callerKey = isUser ? LimitKey.User : LimitKey.ServicePrincipal;
        foreach (var term in Terms)
        {
            if (term.Key == LimitKey.Endpoint)
            {
                applied.Add(new AppliedLimit(term, ""));
            }
            else if (term.Key == callerKey && (named ? term.Principal == caller.Name : !term.Named))
            {
                applied.Add(new AppliedLimit(term, caller.Name));
            }
        }

        if (_hasGroupTerms && caller.Groups.Count > 0)
        {
            AddMostGenerousGroupTerms(caller.Groups, applied);
        }
    }

    private void AddMostGenerousGroupTerms(IReadOnlySet<string> groups, List<AppliedLimit> applied)
    {
        foreach (var measure in Measures)
        {
            foreach (var window in Windows)
            {
                AppliedLimit? best = null;
                foreach (var term in Terms)
                {
                    if (term.Key != LimitKey.UserGroup || term.Measure != measure || term.Window != window)
                    {
                        continue;
                    }

                    if (term.Principal is { } group)
                    {
                        if (groups.Contains(group))
                        {
                            Consider(ref best, new AppliedLimit(term, group));
                        }

                        continue;
                    }

                    foreach (var member in groups)
                    {
                        if (!_namedGroups.Contains(member))
                        {
                            Consider(ref best, new AppliedLimit(term, member));
                        }
                    }
                }

                if (best is { } chosen)
                {
                    applied.Add(chosen);
                }
            }
        }
    }

    /// <summary>Keeps the more generous of the best so far and <paramref name="candidate"/>; the earlier one on a full tie.</summary>
    private static void Consider(ref AppliedLimit? best, AppliedLimit candidate)
    {
        if (best is not { } current)
        {
            best = candidate;
            return;
        }

        var (a, b) = (candidate.Term, current.Term);
        var better = a.Amount != b.Amount ? a.Amount > b.Amount
            : a.Named != b.Named ? a.Named
            : string.CompareOrdinal(candidate.Subject, current.Subject) < 0;
        if (better)
        {
            best = candidate;
        }
    }

    private static HashSet<string> Named(IReadOnlyList<LimitTerm> terms, LimitKey key) =>
        terms.Where(term => term.Key == key && term.Named).Select(term => term.Principal!).ToHashSet(StringComparer.Ordinal);
}
