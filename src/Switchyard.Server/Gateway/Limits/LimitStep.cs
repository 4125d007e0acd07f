using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Server.Drivers;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// Enforces <c>ai_gateway.rate_limits</c> and <c>ai_gateway.budgets</c> on every query of every
/// kind of entity, on both invocation routes (it runs once the body is read and the entity
/// chosen). In order: a limit set to 0 that applies refuses with 403; a spent budget with 429;
/// then every applicable rate limit must admit the query (one call, and for LLM entities the
/// tokens of <see cref="TokenReservation"/>) or it is refused with 429, <c>Retry-After</c> and
/// the refusing limit's <c>x-ratelimit-*</c>. An admitted query carries the tightest limit's
/// headers; once answered (a stream: once it ends) its tokens are settled to what the answer used
/// and charged to its budgets. Entities that count no tokens (custom models) count calls only.
/// An endpoint without limits costs nothing: the step hands the query straight on.
/// </summary>
public sealed class LimitStep(RateLimits counters, BudgetLedger budgets, EntityDrivers drivers) : InvocationStep
{
    public override ValueTask RunAsync(Invocation invocation) =>
        invocation.Gateway.Limits ? LimitAsync(invocation) : NextAsync(invocation);

    private async ValueTask LimitAsync(Invocation invocation)
    {
        var plan = LimitPlan.For(invocation.Gateway);
        var endpoint = invocation.EndpointName;
        var reserved = Reservation(invocation);
        var applied = new List<AppliedLimit>();
        plan.Rates.AddApplying(invocation.Caller, applied);
        foreach (var limit in applied)
        {
            if (limit.Term.Amount == 0 && (limit.Term.Measure == LimitMeasure.Calls || reserved > 0))
            {
                await invocation.FailAsync(ErrorCode.PermissionDenied, LimitMessages.Disabled(endpoint, limit));
                return;
            }
        }

        var charged = reserved > 0 && !plan.Budgets.IsEmpty ? await CheckBudgetsAsync(invocation, plan) : [];
        if (charged is null)
        {
            return;
        }

        var admission = await counters.AdmitAsync(endpoint, applied, reserved);
        if (admission.Refusal is { } refusal)
        {
            LimitHeaders.Write(invocation.Context.Response, refusal.Limit.Term.Amount, refusal.Remaining, refusal.RetryAfterSeconds);
            await invocation.FailAsync(ErrorCode.RequestLimitExceeded, LimitMessages.Exceeded(endpoint, refusal), refusal.RetryAfterSeconds);
            return;
        }

        if (admission.Tightest() is { } tightest)
        {
            LimitHeaders.Write(invocation.Context.Response, tightest.Limit.Term.Amount, tightest.Remaining, tightest.ResetSeconds);
        }

        try
        {
            await NextAsync(invocation);
        }
        finally
        {
            var used = invocation.Usage is { } usage ? (long)usage.PromptTokens + usage.CompletionTokens : 0;
            admission.Settle(reserved, used);
            foreach (var entry in charged)
            {
                budgets.Charge(entry, used);
                counters.ChargeBudget(entry, used);
            }
        }
    }

    /// <summary>The tokens the query reserves: none when the entity counts no tokens (it serves no LLM task).</summary>
    private long Reservation(Invocation invocation)
    {
        var entity = invocation.Entity.Config;
        var tasks = drivers.For(entity).TasksOf(entity);
        return tasks.Count == 0 ? 0 : TokenReservation.Of(invocation.Body, tasks[0] == LlmTask.Embeddings);
    }

    /// <summary>The budget entries the query will be charged to; null when one is spent (the query was refused).</summary>
    private async ValueTask<List<BudgetLedger.Entry>?> CheckBudgetsAsync(Invocation invocation, LimitPlan plan)
    {
        var applied = new List<AppliedLimit>();
        plan.Budgets.AddApplying(invocation.Caller, applied);
        var nowMs = counters.NowMilliseconds;
        var entries = new List<BudgetLedger.Entry>(applied.Count);
        foreach (var limit in applied)
        {
            var window = limit.Term.Window;
            var start = window.StartOf(nowMs / 1000);
            var end = window.EndOf(start);
            var entry = await budgets.EntryAsync(
                new(invocation.EndpointName, limit.Term.Identity, limit.Subject, start), end, invocation.Context.RequestAborted);
            var spent = await counters.BudgetSpentAsync(entry);
            if (spent >= limit.Term.Amount)
            {
                var retry = LimitWindows.SecondsUntil(end, nowMs);
                await invocation.FailAsync(ErrorCode.RequestLimitExceeded,
                    LimitMessages.BudgetSpent(invocation.EndpointName, limit, spent, retry), retry);
                return null;
            }

            entries.Add(entry);
        }

        return entries;
    }
}
