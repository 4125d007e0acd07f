using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Experiments;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Server.Serving.History;

namespace Switchyard.Server.Experiments.Rollouts;

/// <summary>The rollout's API: start (CAN_MANAGE), read (CAN_VIEW), abort and resume (CAN_MANAGE).</summary>
public sealed partial class RolloutController
{
    /// <summary>
    /// Starts a rollout of the plan in <paramref name="body"/> and applies its first step at once.
    /// The baseline is the config serving now: the candidate must be one of its served entities, and
    /// at least one other must be routed traffic. One rollout per endpoint at a time (RESOURCE_CONFLICT).
    /// </summary>
    public async Task<JsonObject> StartRolloutAsync(string name, JsonObject body, CallerIdentity caller, CancellationToken ct)
    {
        endpoints.Get(name, caller, PermissionLevel.CanManage);
        var plan = RolloutPlanReader.Read(body);
        await _lock.WaitAsync(ct);
        try
        {
            var snapshot = endpoints.Get(name, caller, PermissionLevel.CanManage);
            var endpoint = snapshot.Endpoint;
            if (_rollouts.TryGetValue(endpoint.Id, out var running) && running.State.InProgress())
            {
                throw ServingException.Conflict(
                    $"Endpoint {name} already has a rollout in progress (candidate {running.Plan.Candidate}, state {running.State.ToWire()}); abort it first.");
            }

            var serving = endpoint.Config ?? throw ServingException.Invalid($"Endpoint {name} serves no config yet: a rollout starts from a serving config.");
            if (endpoint.ConfigUpdate == ConfigUpdateState.InProgress)
            {
                throw ServingException.Conflict(
                    $"Endpoint {name} is being updated to config version {endpoint.PendingConfig?.ConfigVersion}; start the rollout once state.config_update is no longer IN_PROGRESS.");
            }

            var baseline = CheckCandidate(plan, serving, name);
            var now = Now();
            var rollout = new ProgressiveRollout(endpoint.Id, name, plan, caller, serving.ConfigVersion, baseline, now)
            {
                AppliedConfigVersion = ConfigWrite.CurrentVersion(endpoint),
            };
            // The first step is written in the caller's request: a config the reader refuses refuses the start, and nothing is kept.
            await WriteStepAsync(rollout, 0, snapshot, now, ct);
            _rollouts[endpoint.Id] = rollout;
            await FinishIfLastAsync(rollout, now);
            await SaveAsync(rollout);
            return rollout.ToWire();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The endpoint's latest rollout, in progress or ended; 404 when it never had one.</summary>
    public async Task<JsonObject> GetAsync(string name, CallerIdentity caller, CancellationToken ct)
    {
        var endpoint = endpoints.Get(name, caller, PermissionLevel.CanView).Endpoint;
        await _lock.WaitAsync(ct);
        try
        {
            return Find(endpoint, name).ToWire();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Stops the rollout in progress and restores its baseline config version as a new version
    /// (author: the caller), as <c>POST …/config/rollback</c> would; ABORTED.
    /// </summary>
    public async Task<JsonObject> AbortAsync(string name, CallerIdentity caller, CancellationToken ct)
    {
        var endpoint = endpoints.Get(name, caller, PermissionLevel.CanManage).Endpoint;
        await _lock.WaitAsync(ct);
        try
        {
            var rollout = InProgress(Find(endpoint, name), name);
            var now = Now();
            var reason = $"rollout of {rollout.Plan.Candidate} aborted by {caller.Name} at step {StepText(rollout)}; restoring config version {rollout.BaselineConfigVersion}";
            // No If-Match: the caller asks for the baseline whatever serves now.
            var restored = await endpoints.RestoreVersionAsync(name, rollout.BaselineConfigVersion, caller, new ConfigWrite(caller.Name, reason, null), ct);
            rollout.AppliedConfigVersion = restored.Endpoint.PendingConfig?.ConfigVersion ?? rollout.AppliedConfigVersion;
            await EndAsync(rollout, RolloutState.Aborted, now, RolloutDecision.Abort,
                $"Aborted by {caller.Name}: config version {rollout.BaselineConfigVersion} restored as config version {rollout.AppliedConfigVersion}.", caller.Name);
            return rollout.ToWire();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Takes a PAUSED rollout up again: its step holds again from now, judged on traffic from now.</summary>
    public async Task<JsonObject> ResumeAsync(string name, CallerIdentity caller, CancellationToken ct)
    {
        var snapshot = endpoints.Get(name, caller, PermissionLevel.CanManage);
        await _lock.WaitAsync(ct);
        try
        {
            var rollout = InProgress(Find(snapshot.Endpoint, name), name);
            if (rollout.State != RolloutState.Paused)
            {
                throw ServingException.Conflict($"The rollout of endpoint {name} is {rollout.State.ToWire()}, not PAUSED: there is nothing to resume.");
            }

            var now = Now();
            rollout.State = RolloutState.Running;
            rollout.StepStartedMs = now;
            rollout.NextEvaluationMs = now + IntervalMs(rollout);
            RolloutWindow.Read(rollout, directory.OwnerById(rollout.EndpointId)?.Snapshot?.Live);
            Decide(rollout, now, RolloutDecision.Resume,
                $"Resumed by {caller.Name}: step {rollout.StepIndex + 1} holds again from now, judged on traffic from now.", record: true, caller.Name);
            await SaveAsync(rollout);
            return rollout.ToWire();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The baseline's served entities: the config's routed ones (share above 0) other than the candidate.</summary>
    private static List<string> CheckCandidate(RolloutPlan plan, EndpointConfig serving, string name)
    {
        var candidate = serving.Find(plan.Candidate) ?? throw ServingException.Invalid(
            $"candidate '{plan.Candidate}' is not a served entity of config version {serving.ConfigVersion} of endpoint {name}; its served entities are {string.Join(", ", serving.ServedEntities.Select(static e => e.Name))}.");
        if (candidate.Declared["role"] is JsonValue role && role.GetValueKind() == JsonValueKind.String && role.GetValue<string>() == "shadow")
        {
            throw ServingException.Invalid($"candidate '{plan.Candidate}' is a shadow entity: a rollout moves traffic to a primary entity.");
        }

        var baseline = serving.Routes.Where(r => r.ServedModelName != plan.Candidate && r.BasisPoints > 0).Select(static r => r.ServedModelName).ToList();
        if (baseline.Count == 0)
        {
            throw ServingException.Invalid(
                $"candidate '{plan.Candidate}' is the only served entity with traffic on endpoint {name}: a rollout needs a baseline to compare with and to return to.");
        }

        return baseline;
    }

    private ProgressiveRollout Find(ServingEndpoint endpoint, string name) =>
        _rollouts.TryGetValue(endpoint.Id, out var rollout)
            ? rollout
            : throw ServingException.NotFound($"Serving endpoint {name} has no rollout.");

    private static ProgressiveRollout InProgress(ProgressiveRollout rollout, string name) =>
        rollout.State.InProgress()
            ? rollout
            : throw ServingException.Conflict($"The rollout of endpoint {name} has ended ({rollout.State.ToWire()}): there is no rollout in progress.");
}
