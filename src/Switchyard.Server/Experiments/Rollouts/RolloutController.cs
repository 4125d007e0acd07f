using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Experiments;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Serving;
using Switchyard.Server.Serving.Events;
using Switchyard.Server.Serving.History;

namespace Switchyard.Server.Experiments.Rollouts;

/// <summary>
/// Runs every endpoint's progressive rollout: one loop on the server's <see cref="TimeProvider"/>
/// looks each second at every rollout in progress, ends it when someone else wrote the endpoint's
/// config, and judges its gates when its evaluation interval has passed: hold, advance a step,
/// complete, pause, or roll back to the exact baseline config version. Every config it writes goes
/// the way <c>PUT …/config</c> and the rollback go (<see cref="EndpointService"/>), with author
/// <see cref="Author"/> and a reason saying why. Each rollout is stored after every change and
/// resumed at start-up.
/// </summary>
// The semaphore never allocates a wait handle (only WaitAsync is used), so there is nothing to dispose.
#pragma warning disable CA1001
public sealed partial class RolloutController(
    EndpointDirectory directory, EndpointService endpoints, IConfigHistoryStore history, IRolloutStore store, RolloutWindow window,
    EndpointEventLog events, TimeProvider time, ILogger<RolloutController> logger) : BackgroundService
#pragma warning restore CA1001
{
    /// <summary>The config history's author of the configs a rollout writes on its own.</summary>
    public const string Author = "rollout";

    /// <summary>How often the loop looks: an evaluation is at most this late, and someone else's config write is noticed within it.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, ProgressiveRollout> _rollouts = new(StringComparer.Ordinal);

    /// <summary>Loads the stored rollouts before the server takes requests; one running resumes with its step's window started again.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        foreach (var (endpointId, stored) in await store.ReadAllAsync(cancellationToken))
        {
            ProgressiveRollout rollout;
            try
            {
                rollout = ProgressiveRollout.FromStored(stored);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                Log.Unreadable(logger, endpointId, error);
                continue;
            }

            _rollouts[endpointId] = rollout;
            if (rollout.State == RolloutState.Running)
            {
                // The traffic totals lived in the process that stopped: the step is judged on what comes from now.
                rollout.StepReadings.Clear();
                rollout.StepStartedMs = now;
                rollout.NextEvaluationMs = now + IntervalMs(rollout);
                Decide(rollout, now, RolloutDecision.Resume,
                    $"The server restarted: step {rollout.StepIndex + 1} holds again from now, judged on traffic from now.", record: true);
                await SaveAsync(rollout);
            }
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await _lock.WaitAsync(stoppingToken);
            try
            {
                foreach (var rollout in _rollouts.Values.ToList())
                {
                    try
                    {
                        if (directory.OwnerById(rollout.EndpointId)?.Snapshot is null)
                        {
                            // The endpoint was deleted: its rollout, ended or not, goes with it.
                            _rollouts.Remove(rollout.EndpointId);
                            await store.DeleteAsync(rollout.EndpointId, CancellationToken.None);
                        }
                        else if (rollout.State.InProgress())
                        {
                            await LookAsync(rollout, stoppingToken);
                        }
                    }
                    catch (Exception error) when (error is not OperationCanceledException)
                    {
                        Log.LookFailed(logger, rollout.EndpointName, error);
                    }
                }
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    /// <summary>One look at a rollout in progress. Only under the lock.</summary>
    private async Task LookAsync(ProgressiveRollout rollout, CancellationToken ct)
    {
        var now = Now();
        if (directory.OwnerById(rollout.EndpointId)?.Snapshot is not { } snapshot)
        {
            return;
        }

        var endpoint = snapshot.Endpoint;
        var ownFailed = endpoint.ConfigUpdate == ConfigUpdateState.UpdateFailed && endpoint.PendingConfig?.ConfigVersion == rollout.AppliedConfigVersion;
        var current = ConfigWrite.CurrentVersion(endpoint);
        if (!ownFailed && current != rollout.AppliedConfigVersion)
        {
            // A user's config (PUT …/config or a rollback) wins: the rollout stops and leaves it serving.
            var message = $"Config version {current} was written outside the rollout (the rollout last wrote version {rollout.AppliedConfigVersion}): the rollout is aborted and leaves that config serving.";
            await EndAsync(rollout, RolloutState.Aborted, now, RolloutDecision.Abort, message);
            return;
        }

        if (ownFailed)
        {
            await RollBackAsync(rollout, now,
                $"rollout of {rollout.Plan.Candidate} rolled back: its config version {rollout.AppliedConfigVersion} failed to deploy ({endpoint.UpdateFailure})", ct);
            return;
        }

        if (rollout.State != RolloutState.Running || endpoint.ConfigUpdate == ConfigUpdateState.InProgress || now < rollout.NextEvaluationMs)
        {
            return;
        }

        await EvaluateAsync(rollout, snapshot, now, ct);
    }

    /// <summary>Judges the gates over the step's window and acts on the verdicts.</summary>
    private async Task EvaluateAsync(ProgressiveRollout rollout, EndpointSnapshot snapshot, long now, CancellationToken ct)
    {
        var judgements = await window.JudgeAsync(rollout, snapshot.Live, ct);
        var failing = judgements.Count(static j => j.Judgement.Verdict == GateVerdict.Fail);
        rollout.Failures += failing;
        var holdOver = now - rollout.StepStartedMs >= rollout.CurrentStep.HoldS * 1000;
        var last = rollout.StepIndex == rollout.Plan.Steps.Count - 1;
        var action = failing > 0 && rollout.Failures >= rollout.Plan.FailureLimit ? RolloutDecision.Rollback
            // A failure under the limit holds the step: it advances only on an evaluation with no failure.
            : !holdOver || failing > 0 ? RolloutDecision.Hold
            : judgements.Any(static j => j.Judgement.Verdict == GateVerdict.Inconclusive)
                ? rollout.Plan.OnInconclusive == InconclusiveAction.Rollback ? RolloutDecision.Rollback : RolloutDecision.Pause
            : last ? RolloutDecision.Complete
            : RolloutDecision.Advance;

        foreach (var (gate, judgement) in judgements)
        {
            rollout.Decide(new RolloutDecision(now, rollout.StepIndex + 1, rollout.Weight, gate.Metric, judgement, action, judgement.Describe(gate)));
        }

        if (judgements.Count == 0)
        {
            rollout.Decide(new RolloutDecision(now, rollout.StepIndex + 1, rollout.Weight, null, null, action, "No gates: the step holds for its time."));
        }

        var summary = string.Join("; ", judgements.Select(static j => $"{Verdict(j.Judgement.Verdict)}: {j.Judgement.Describe(j.Gate)}"));
        // Plain holds are many (one per interval) and stay in the rollout's decisions; a failure or an action also goes to the timeline.
        if (action != RolloutDecision.Hold || failing > 0)
        {
            Record(rollout, now, $"Rollout of {rollout.Plan.Candidate}, step {StepText(rollout)}: {action}. {summary}");
        }

        rollout.NextEvaluationMs = now + IntervalMs(rollout);
        switch (action)
        {
            case RolloutDecision.Rollback:
                var why = failing > 0
                    ? string.Join("; ", judgements.Where(static j => j.Judgement.Verdict == GateVerdict.Fail).Select(static j => $"gate {j.Judgement.Describe(j.Gate)} failed"))
                    : "gates inconclusive at the end of the hold (on_inconclusive: rollback): "
                        + string.Join("; ", judgements.Where(static j => j.Judgement.Verdict == GateVerdict.Inconclusive).Select(static j => j.Judgement.Describe(j.Gate)));
                await RollBackAsync(rollout, now, $"rollout of {rollout.Plan.Candidate} rolled back at step {StepText(rollout)}: {why}", ct);
                return;
            case RolloutDecision.Pause:
                rollout.State = RolloutState.Paused;
                break;
            case RolloutDecision.Complete:
                rollout.State = RolloutState.Succeeded;
                rollout.EndedMs = now;
                rollout.EndReason = $"Every step passed: {rollout.Plan.Candidate} serves {Percent(rollout.Weight)}.";
                break;
            case RolloutDecision.Advance:
                await SaveAsync(rollout);
                await ApplyStepAsync(rollout, rollout.StepIndex + 1, snapshot, now, ct);
                return;
        }

        await SaveAsync(rollout);
    }

    /// <summary>
    /// Writes step <paramref name="index"/>'s split (the candidate at its weight, the baseline in its
    /// proportions) as a new config version and starts the step's window. A step of 0 s, the last,
    /// completes the rollout at once. A write refused ends the rollout ABORTED, the endpoint as it is.
    /// </summary>
    private async Task ApplyStepAsync(ProgressiveRollout rollout, int index, EndpointSnapshot snapshot, long now, CancellationToken ct)
    {
        try
        {
            await WriteStepAsync(rollout, index, snapshot, now, ct);
        }
        catch (ServingException error)
        {
            await EndAsync(rollout, RolloutState.Aborted, now, RolloutDecision.Abort,
                $"Step {index + 1}/{rollout.Plan.Steps.Count} could not be applied ({error.Message}): the rollout is aborted and the endpoint keeps its config.");
            return;
        }

        await FinishIfLastAsync(rollout, now);
        await SaveAsync(rollout);
    }

    private async Task WriteStepAsync(ProgressiveRollout rollout, int index, EndpointSnapshot snapshot, long now, CancellationToken ct)
    {
        var step = rollout.Plan.Steps[index];
        var serving = snapshot.Endpoint.Config ?? throw ServingException.Invalid($"Endpoint {rollout.EndpointName} serves no config.");
        var baseline = await history.FindAsync(rollout.EndpointId, rollout.BaselineConfigVersion, ct)
            ?? throw ServingException.NotFound($"Config version {rollout.BaselineConfigVersion} of serving endpoint {rollout.EndpointName} not found.");
        var edited = ConfigView.Request(serving);
        edited["traffic_config"]!["routes"] = StepRoutes(baseline.Config.Routes, rollout.Plan.Candidate, step.WeightBasisPoints);
        // Read back from its text, as ConfigView.Request is: the reader takes numbers as a client's body holds them.
        var request = JsonNode.Parse(edited.ToJsonString())!.AsObject();
        var reason = $"rollout step {index + 1}/{rollout.Plan.Steps.Count}: candidate {rollout.Plan.Candidate} {Percent(step.Weight)}";
        // If-Match: the version the rollout last wrote; a user's write in between makes this one lose (412).
        var accepted = await endpoints.ApplyRequestAsync(rollout.EndpointName, request, rollout.Starter,
            new ConfigWrite(Author, reason, rollout.AppliedConfigVersion), ct);
        rollout.AppliedConfigVersion = accepted.Endpoint.PendingConfig?.ConfigVersion ?? accepted.Endpoint.Config!.ConfigVersion;
        rollout.StepIndex = index;
        rollout.StepStartedMs = now;
        rollout.NextEvaluationMs = now + IntervalMs(rollout);
        // The entities of a weight change are the serving ones, kept: their totals now start the window.
        RolloutWindow.Read(rollout, accepted.Live);
        Decide(rollout, now, RolloutDecision.Advance, $"{char.ToUpperInvariant(reason[0])}{reason[1..]} (config version {rollout.AppliedConfigVersion}).", record: true);
    }

    private async Task FinishIfLastAsync(ProgressiveRollout rollout, long now)
    {
        if (rollout.StepIndex == rollout.Plan.Steps.Count - 1 && rollout.CurrentStep.HoldS == 0)
        {
            await EndAsync(rollout, RolloutState.Succeeded, now, RolloutDecision.Complete,
                $"The last step holds for 0 s: the rollout is complete, {rollout.Plan.Candidate} serves {Percent(rollout.Weight)}.");
        }
    }

    /// <summary>Restores the baseline config version as a new version (author <see cref="Author"/>) with <paramref name="reason"/>; ROLLED_BACK.</summary>
    private async Task RollBackAsync(ProgressiveRollout rollout, long now, string reason, CancellationToken ct)
    {
        var full = $"{reason}; restoring config version {rollout.BaselineConfigVersion}";
        try
        {
            var restored = await endpoints.RestoreVersionAsync(rollout.EndpointName, rollout.BaselineConfigVersion, rollout.Starter,
                new ConfigWrite(Author, full, rollout.AppliedConfigVersion), ct);
            rollout.AppliedConfigVersion = restored.Endpoint.PendingConfig?.ConfigVersion ?? rollout.AppliedConfigVersion;
        }
        catch (ServingException error)
        {
            Log.RollbackFailed(logger, rollout.EndpointName, error.Message);
            await EndAsync(rollout, RolloutState.Aborted, now, RolloutDecision.Abort,
                $"{full} failed ({error.Message}): the rollout is aborted; restore config version {rollout.BaselineConfigVersion} with POST …/config/rollback.");
            return;
        }

        await EndAsync(rollout, RolloutState.RolledBack, now, RolloutDecision.Rollback,
            $"{char.ToUpperInvariant(full[0])}{full[1..]} (as config version {rollout.AppliedConfigVersion}).");
    }

    /// <summary>Ends the rollout in <paramref name="state"/>, says why in its decisions and the timeline, and stores it.</summary>
    private async Task EndAsync(ProgressiveRollout rollout, RolloutState state, long now, string action, string message, string? actor = null)
    {
        rollout.State = state;
        rollout.EndedMs = now;
        rollout.EndReason = message;
        Decide(rollout, now, action, message, record: true, actor);
        await SaveAsync(rollout);
    }

    private void Decide(ProgressiveRollout rollout, long now, string action, string message, bool record, string? actor = null)
    {
        rollout.Decide(new RolloutDecision(now, rollout.StepIndex + 1, rollout.Weight, null, null, action, message));
        if (record)
        {
            Record(rollout, now, $"Rollout of {rollout.Plan.Candidate}: {message}", actor);
        }
    }

    private void Record(ProgressiveRollout rollout, long now, string message, string? actor = null) =>
        events.Record(new EndpointEvent(rollout.EndpointId, now, EndpointEventType.RolloutDecision, message,
            rollout.AppliedConfigVersion, rollout.Plan.Candidate, actor ?? Author));

    private Task SaveAsync(ProgressiveRollout rollout) => store.SaveAsync(rollout.EndpointId, rollout.ToStored(), CancellationToken.None);

    /// <summary>The routes of a step, in the baseline's unit (whole percentages when every share is one, else basis points).</summary>
    private static JsonArray StepRoutes(IReadOnlyList<TrafficRoute> baseline, string candidate, int candidateBasisPoints)
    {
        var shares = RolloutSplit.Shares(baseline, candidate, candidateBasisPoints);
        var percent = baseline.All(static r => r.TrafficBasisPoints is null) && shares.All(static s => s.BasisPoints % 100 == 0);
        var routes = new JsonArray();
        foreach (var (name, basisPoints) in shares)
        {
            routes.Add(percent
                ? new JsonObject { ["served_entity_name"] = name, ["traffic_percentage"] = basisPoints / 100 }
                : new JsonObject { ["served_entity_name"] = name, ["traffic_basis_points"] = basisPoints });
        }

        return routes;
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static long IntervalMs(ProgressiveRollout rollout) => rollout.Plan.EvaluationIntervalS * 1000L;

    private static string StepText(ProgressiveRollout rollout) =>
        $"{rollout.StepIndex + 1}/{rollout.Plan.Steps.Count} ({Percent(rollout.Weight)})";

    private static string Percent(double weight) => weight.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Verdict(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Pass => "pass",
        GateVerdict.Fail => "fail",
        _ => "inconclusive",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 160, Level = LogLevel.Error, Message = "The stored rollout of endpoint id {EndpointId} could not be read")]
        public static partial void Unreadable(ILogger logger, string endpointId, Exception error);

        [LoggerMessage(EventId = 161, Level = LogLevel.Error, Message = "Looking at the rollout of endpoint {Endpoint} failed")]
        public static partial void LookFailed(ILogger logger, string endpoint, Exception error);

        [LoggerMessage(EventId = 162, Level = LogLevel.Error, Message = "The rollout of endpoint {Endpoint} could not restore its baseline: {Reason}")]
        public static partial void RollbackFailed(ILogger logger, string endpoint, string reason);
    }
}
