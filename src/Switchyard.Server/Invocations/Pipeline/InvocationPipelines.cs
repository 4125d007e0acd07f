using Switchyard.Core.Gateway;
using Switchyard.Server.Drivers;
using Switchyard.Server.Experiments;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Gateway.Guardrails;
using Switchyard.Server.Gateway.Limits;
using Switchyard.Server.Serving;
using Switchyard.Server.Telemetry;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// The data plane's steps, in order, for each way a query arrives. This is the one place a step
/// is added: the AI Gateway's limits (<see cref="LimitStep"/>) go where the body is read and the
/// entity chosen, its guardrails and capture around <see cref="InvokeDriverStep"/>, and the shadows' copies (<see cref="ShadowStep"/>) right before it. Authentication comes before every step (the
/// server's middleware, shared with the control plane), so each step sees the caller.
/// </summary>
public sealed class InvocationPipelines
{
    public InvocationPipelines(IServiceProvider services)
    {
        var endpoints = services.GetRequiredService<EndpointDirectory>();
        var drivers = services.GetRequiredService<EntityDrivers>();
        var (counters, budgets) = (services.GetRequiredService<RateLimits>(), services.GetRequiredService<BudgetLedger>());
        var guardrails = services.GetRequiredService<GuardrailCompiler>();
        var (shadows, shadowCounts) = (services.GetRequiredService<ShadowDispatcher>(), services.GetRequiredService<ShadowCounters>());
        var time = services.GetRequiredService<TimeProvider>();
        // Right after the endpoint is known, so every query of it, refused or answered, is captured
        // (one per pipeline: a step's place in its chain is its own).
        CaptureStep Capture() => new(
            services.GetRequiredService<InferenceTableWriter>(), services.GetRequiredService<ServedEntityIds>(),
            services.GetService<IUsageLog>(), services.GetRequiredService<TimeProvider>());

        // The path names the endpoint: nothing is read from the body until the caller may query it.
        ByPath =
        [
            new ResolveEndpointStep(endpoints),
            Capture(),
            new AuthorizeStep(),
            new ChooseEntityStep(),
            new ReadBodyStep(),
            new ChooseByBodyStep(),
            new LimitStep(counters, budgets, drivers),
            new GuardStep(guardrails),
            new ShadowStep(shadows, shadowCounts, time),
            new InvokeDriverStep(drivers),
        ];

        // The body's model names the endpoint (the OpenAI-compatible paths).
        ByModelField =
        [
            new ReadBodyStep(),
            new ReadModelFieldStep(),
            new ResolveEndpointStep(endpoints),
            Capture(),
            new AuthorizeStep(),
            new ChooseEntityStep(),
            new LimitStep(counters, budgets, drivers),
            new GuardStep(guardrails),
            new ShadowStep(shadows, shadowCounts, time),
            new InvokeDriverStep(drivers),
        ];

        _byPathFirst = InvocationStep.Chain(ByPath);
        _byModelFieldFirst = InvocationStep.Chain(ByModelField);
    }

    private readonly InvocationStep _byPathFirst;
    private readonly InvocationStep _byModelFieldFirst;

    /// <summary>The steps of <c>/serving-endpoints/{name}/invocations</c> and its served-model form.</summary>
    public IReadOnlyList<InvocationStep> ByPath { get; }

    /// <summary>The steps of <c>/serving-endpoints/chat/completions</c>, <c>/completions</c> and <c>/embeddings</c>.</summary>
    public IReadOnlyList<InvocationStep> ByModelField { get; }

    public ValueTask RunByPathAsync(Invocation invocation) => DataPlaneMetrics.MeasureAsync(_byPathFirst, invocation);

    public ValueTask RunByModelFieldAsync(Invocation invocation) => DataPlaneMetrics.MeasureAsync(_byModelFieldFirst, invocation);
}
