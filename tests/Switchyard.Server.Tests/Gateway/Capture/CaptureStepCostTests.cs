using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchyard.Core.Identity;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Hosting;
using Switchyard.Server.Http;
using Switchyard.Server.Invocations.Pipeline;
using Xunit.Abstractions;

namespace Switchyard.Server.Tests.Gateway.Capture;

/// <summary>A quick micro-check (not a benchmark): with the gateway off, the step costs the request id and its header, nothing more.</summary>
public sealed class CaptureStepCostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_the_gateway_off_the_step_allocates_only_the_request_id()
    {
        var writer = new InferenceTableWriter(
            Options.Create(new ServingOptions()), Options.Create(new InferenceTableOptions()), new InferenceTableCounters(),
            NullLogger<InferenceTableWriter>.Instance);
        var step = new CaptureStep(writer, new ServedEntityIds(), null, TimeProvider.System);
        InvocationStep.Chain([step, new EndStep()]);
        var context = new DefaultHttpContext();
        Caller.Set(context, new CallerIdentity("1", PrincipalKind.User, "alice", "Alice", new HashSet<string>()));
        var invocation = new Invocation(context) { EndpointName = "e" };
        await step.RunAsync(invocation);

        const int runs = 100_000;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < runs; i++)
        {
            await step.RunAsync(invocation);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var bytesPerRun = (GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / (double)runs;
        // The id alone, side by side, so a loaded machine's slowness shows in both figures.
        var idStarted = Stopwatch.GetTimestamp();
        for (var i = 0; i < runs; i++)
        {
            _ = CaptureStep.NewRequestId();
        }

        var idElapsed = Stopwatch.GetElapsedTime(idStarted);
        output.WriteLine($"gateway off: {elapsed.TotalNanoseconds / runs:0} ns and {bytesPerRun:0} bytes per query; the request id alone: {idElapsed.TotalNanoseconds / runs:0} ns");

        // A 32-character string is 88 bytes; nothing else.
        Assert.InRange(bytesPerRun, 80, 96);
        Assert.Matches("^[0-9a-f]{32}$", context.Response.Headers[CaptureStep.RequestIdHeader].ToString());
        Assert.Null(invocation.Capture);
        Assert.False(invocation.KeepAnswer);
    }

    private sealed class EndStep : InvocationStep
    {
        public override ValueTask RunAsync(Invocation invocation) => ValueTask.CompletedTask;
    }
}
