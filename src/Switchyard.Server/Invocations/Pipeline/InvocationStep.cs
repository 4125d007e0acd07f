using Switchyard.Core.Telemetry;
using Switchyard.Server.Telemetry;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// One named step of the data plane (resolve the endpoint, authorize, choose the entity, …).
/// A step either answers the query itself (a refusal) and stops, or hands it on with
/// <see cref="NextAsync"/>; code after that call runs once the rest has answered, which is where
/// a step that settles or records after the answer does its work. Steps are built once per
/// pipeline and shared by every query: they keep no per-query state outside the
/// <see cref="Invocation"/>. Each step runs in a span of its own name when someone listens to
/// <see cref="SwitchyardTelemetry.Source"/>; its span encloses the steps it hands on to, as
/// middleware spans do, so code after <see cref="NextAsync"/> is traced too.
/// </summary>
public abstract class InvocationStep
{
    private InvocationStep? _next;
    private string? _spanName;

    /// <summary>The step's name in the pipeline's description and in logs.</summary>
    public virtual string Name => GetType().Name.Replace("Step", "", StringComparison.Ordinal);

    public abstract ValueTask RunAsync(Invocation invocation);

    /// <summary>Runs the rest of the pipeline.</summary>
    protected ValueTask NextAsync(Invocation invocation) =>
        _next is null ? ValueTask.CompletedTask : _next.EnterAsync(invocation);

    /// <summary>
    /// Runs this step, inside its span when someone listens. Without a listener the source answers
    /// null before allocating anything, and the step runs as if untraced.
    /// </summary>
    internal ValueTask EnterAsync(Invocation invocation)
    {
        var span = SwitchyardTelemetry.Source.StartActivity(_spanName ??= Name);
        return span is null ? RunAsync(invocation) : StepSpan.RunAsync(this, invocation, span);
    }

    /// <summary>Links steps in order; answers the first.</summary>
    public static InvocationStep Chain(IReadOnlyList<InvocationStep> steps)
    {
        for (var i = 0; i < steps.Count - 1; i++)
        {
            steps[i]._next = steps[i + 1];
        }

        return steps[0];
    }
}
