using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Experiments;
using Switchyard.Core.Identity;
using Switchyard.Core.Routing;

namespace Switchyard.Server.Experiments.Rollouts;

/// <summary>
/// One endpoint's progressive rollout: its plan, who started it (whose rights its config writes
/// are read with), where it stands and every decision it made. Changed only by the
/// <see cref="RolloutController"/>, under its lock; stored whole after each change.
/// </summary>
public sealed class ProgressiveRollout
{
    /// <summary>Decisions kept per rollout; the oldest holds go first past this (a long hold judges often).</summary>
    public const int MostDecisions = 2000;

    public ProgressiveRollout(
        string endpointId, string endpointName, RolloutPlan plan, CallerIdentity starter, long baselineConfigVersion,
        IReadOnlyList<string> baseline, long startedMs)
    {
        EndpointId = endpointId;
        EndpointName = endpointName;
        Plan = plan;
        Starter = starter;
        BaselineConfigVersion = baselineConfigVersion;
        Baseline = baseline;
        StartedMs = startedMs;
    }

    public string EndpointId { get; }

    public string EndpointName { get; }

    public RolloutPlan Plan { get; }

    public CallerIdentity Starter { get; }

    /// <summary>The config version serving when the rollout started: what a rollback or an abort restores.</summary>
    public long BaselineConfigVersion { get; }

    /// <summary>The baseline's served entities: those routed traffic in the baseline config, the candidate aside.</summary>
    public IReadOnlyList<string> Baseline { get; }

    public long StartedMs { get; }

    public RolloutState State { get; set; } = RolloutState.Running;

    /// <summary>The step applied now, 0-based; -1 before the first is applied.</summary>
    public int StepIndex { get; set; } = -1;

    /// <summary>The config version the rollout last wrote (a step or the restored baseline); another one serving means someone else wrote.</summary>
    public long AppliedConfigVersion { get; set; }

    public long StepStartedMs { get; set; }

    public long NextEvaluationMs { get; set; }

    /// <summary>Failing gate judgements so far, over the whole rollout.</summary>
    public int Failures { get; set; }

    public long? EndedMs { get; set; }

    /// <summary>Why it ended, in words; null while in progress.</summary>
    public string? EndReason { get; set; }

    public List<RolloutDecision> Decisions { get; } = [];

    /// <summary>
    /// Each served entity's traffic totals when the current step applied, by instance (an entity
    /// rebuilt since counts from zero). Not stored: after a restart the step's window starts again.
    /// </summary>
    public Dictionary<ServedEntity, TrafficTotals> StepReadings { get; } = new(ReferenceEqualityComparer.Instance);

    public RolloutStep CurrentStep => Plan.Steps[Math.Max(StepIndex, 0)];

    public double Weight => StepIndex < 0 ? 0 : CurrentStep.Weight;

    public void Decide(RolloutDecision decision)
    {
        Decisions.Add(decision);
        if (Decisions.Count > MostDecisions)
        {
            var hold = Decisions.FindIndex(static d => d.Action == RolloutDecision.Hold);
            Decisions.RemoveAt(hold >= 0 ? hold : 0);
        }
    }

    /// <summary>The answer of <c>GET …/rollout</c>.</summary>
    public JsonObject ToWire()
    {
        var steps = new JsonArray();
        foreach (var step in Plan.Steps)
        {
            steps.Add(new JsonObject { ["weight"] = step.Weight, ["hold_s"] = step.HoldS });
        }

        var gates = new JsonArray();
        foreach (var gate in Plan.Gates)
        {
            gates.Add(new JsonObject
            {
                ["metric"] = gate.Metric, ["comparator"] = gate.Comparator.ToWire(),
                ["max_degradation"] = gate.MaxDegradation, ["min_samples"] = gate.MinSamples,
            });
        }

        var decisions = new JsonArray();
        foreach (var decision in Decisions)
        {
            decisions.Add(decision.ToJson());
        }

        return new JsonObject
        {
            ["endpoint_name"] = EndpointName,
            ["state"] = State.ToWire(),
            ["candidate"] = Plan.Candidate,
            ["baseline"] = new JsonArray([.. Baseline.Select(static name => (JsonNode)name)]),
            ["baseline_config_version"] = BaselineConfigVersion,
            ["config_version"] = AppliedConfigVersion,
            ["step"] = StepIndex + 1,
            ["weight"] = Weight,
            ["steps"] = steps,
            ["gates"] = gates,
            ["failure_limit"] = Plan.FailureLimit,
            ["failures"] = Failures,
            ["on_inconclusive"] = Plan.OnInconclusive.ToWire(),
            ["evaluation_interval_s"] = Plan.EvaluationIntervalS,
            ["started_by"] = Starter.Name,
            ["started_ms"] = StartedMs,
            ["step_started_ms"] = StepStartedMs,
            ["ended_ms"] = EndedMs,
            ["end_reason"] = EndReason,
            ["decisions"] = decisions,
        };
    }

    /// <summary>What the store keeps: the answer, the starter's identity (for the config writes after a restart) and the evaluation clock.</summary>
    public JsonObject ToStored()
    {
        var stored = ToWire();
        stored["endpoint_id"] = EndpointId;
        stored["next_evaluation_ms"] = NextEvaluationMs;
        stored["starter"] = new JsonObject
        {
            ["principal_id"] = Starter.PrincipalId,
            ["kind"] = Starter.Kind.ToString(),
            ["name"] = Starter.Name,
            ["display_name"] = Starter.DisplayName,
            ["groups"] = new JsonArray([.. Starter.Groups.Order(StringComparer.Ordinal).Select(static g => (JsonNode)g)]),
        };
        return stored;
    }

    public static ProgressiveRollout FromStored(JsonObject stored)
    {
        // The plan is read again as a body, so a stored rollout meets the checks a new one meets.
        var body = new JsonObject();
        foreach (var field in (string[])["candidate", "steps", "gates", "failure_limit", "on_inconclusive", "evaluation_interval_s"])
        {
            body[field] = stored[field]?.DeepClone();
        }

        var plan = RolloutPlanReader.Read(body);
        var starter = stored["starter"]!.AsObject();
        var identity = new CallerIdentity((string)starter["principal_id"]!, Enum.Parse<PrincipalKind>((string)starter["kind"]!),
            (string)starter["name"]!, (string)starter["display_name"]!,
            starter["groups"]!.AsArray().Select(static g => (string)g!).ToHashSet(StringComparer.Ordinal));
        var rollout = new ProgressiveRollout((string)stored["endpoint_id"]!, (string)stored["endpoint_name"]!, plan, identity,
            (long)stored["baseline_config_version"]!, [.. stored["baseline"]!.AsArray().Select(static n => (string)n!)], (long)stored["started_ms"]!)
        {
            State = RolloutStateNames.Parse((string)stored["state"]!),
            StepIndex = (int)stored["step"]! - 1,
            AppliedConfigVersion = (long)stored["config_version"]!,
            StepStartedMs = (long)stored["step_started_ms"]!,
            NextEvaluationMs = (long)stored["next_evaluation_ms"]!,
            Failures = (int)stored["failures"]!,
            EndedMs = (long?)stored["ended_ms"],
            EndReason = (string?)stored["end_reason"],
        };
        foreach (var decision in stored["decisions"]!.AsArray())
        {
            rollout.Decisions.Add(RolloutDecision.FromJson(decision!.AsObject()));
        }

        return rollout;
    }
}
