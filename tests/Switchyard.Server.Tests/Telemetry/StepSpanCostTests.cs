using Microsoft.AspNetCore.Http;
using Switchyard.Core.Identity;
using Switchyard.Core.Telemetry;
using Switchyard.Server.Http;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Tests.Telemetry;

/// <summary>
/// With no one listening to the trace source (no OTLP endpoint, no listener), a step's span costs
/// no allocation: the source answers null and the step runs untraced. In the listeners' collection,
/// so no span listener of another test is alive meanwhile.
/// </summary>
[Collection(ProcessWideListeners.Name)]
public sealed class StepSpanCostTests
{
    [Fact]
    public async Task WithoutAListener_RunningStepsAllocatesNothing()
    {
        Assert.False(SwitchyardTelemetry.Source.HasListeners(), "a span listener is alive: this check would count its spans");
        var first = new PassStep();
        InvocationStep.Chain([first, new PassStep(), new PassStep()]);
        var context = new DefaultHttpContext();
        Caller.Set(context, new CallerIdentity("1", PrincipalKind.User, "alice", "Alice", new HashSet<string>()));
        var invocation = new Invocation(context) { EndpointName = "e" };
        await first.EnterAsync(invocation);

        const int runs = 10_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
        {
            await first.EnterAsync(invocation);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private sealed class PassStep : InvocationStep
    {
        public override ValueTask RunAsync(Invocation invocation) => NextAsync(invocation);
    }
}
