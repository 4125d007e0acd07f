using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Core.Gateway;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Http;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// <c>GET /api/2.0/serving-endpoints/{name}/budgets</c> (ours): for each budget rule, the subjects
/// with spend in its current period, as <c>{"budgets": [{field, key, principal, subject, period,
/// period_start, period_end, limit_tokens, used_tokens, remaining_tokens}]}</c> (times in UTC ISO
/// 8601; <c>principal</c> left out for a rule naming none, <c>subject</c> for the endpoint key).
/// A caller with CAN_MANAGE sees every subject; one with CAN_QUERY only the endpoint-wide budgets
/// and their own (as a user or service principal, or their groups'), including the budgets that
/// apply to them with nothing spent yet, so they see what they have left.
/// </summary>
public static class BudgetRoutes
{
    public const string Path = "/api/2.0/serving-endpoints/{name}/budgets";

    public static async Task<IResult> GetAsync(string name, HttpContext context, EndpointService service, BudgetLedger ledger, TimeProvider time)
    {
        var caller = Caller.Of(context);
        var endpoint = service.Get(name, caller, PermissionLevel.CanQuery);
        var manager = endpoint.Access.LevelFor(caller) >= PermissionLevel.CanManage;
        var budgets = LimitPlan.For(endpoint.Gateway).Budgets;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var spend = await ledger.SpendAsync(endpoint.Name, LimitWindow.Month.StartOf(now), context.RequestAborted);
        var mine = new List<AppliedLimit>();
        budgets.AddApplying(caller, mine);

        var rows = new JsonArray();
        foreach (var term in budgets.Terms)
        {
            var start = term.Window.StartOf(now);
            var used = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var (key, tokens) in spend)
            {
                if (key.Rule == term.Identity && key.PeriodStart == start && (manager || Visible(term, key.Subject, caller)))
                {
                    used[key.Subject] = tokens;
                }
            }

            foreach (var limit in mine)
            {
                if (ReferenceEquals(limit.Term, term))
                {
                    used.TryAdd(limit.Subject, 0);
                }
            }

            foreach (var (subject, tokens) in used)
            {
                rows.Add(Row(term, subject, start, tokens));
            }
        }

        return EndpointRoutes.Json(new JsonObject { ["budgets"] = rows });
    }

    /// <summary>True when a caller without CAN_MANAGE may see the subject's spend: the endpoint's, their own, or their group's.</summary>
    private static bool Visible(LimitTerm term, string subject, CallerIdentity caller) => term.Key switch
    {
        LimitKey.Endpoint => true,
        LimitKey.User => caller.Kind == PrincipalKind.User && subject == caller.Name,
        LimitKey.ServicePrincipal => caller.Kind == PrincipalKind.ServicePrincipal && subject == caller.Name,
        _ => caller.Groups.Contains(subject),
    };

    private static JsonObject Row(LimitTerm term, string subject, long start, long used)
    {
        var row = new JsonObject { ["field"] = term.Field, ["key"] = LimitTerm.KeyName(term.Key) };
        if (term.Principal is { } principal)
        {
            row["principal"] = principal;
        }

        if (term.Key != LimitKey.Endpoint)
        {
            row["subject"] = subject;
        }

        row["period"] = term.Window.ToWire();
        row["period_start"] = Iso(start);
        row["period_end"] = Iso(term.Window.EndOf(start));
        row["limit_tokens"] = term.Amount;
        row["used_tokens"] = used;
        row["remaining_tokens"] = Math.Max(0, term.Amount - used);
        return row;
    }

    private static string Iso(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
