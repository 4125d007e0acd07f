using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Tests.Invocations.Pipeline;

public sealed class ReadBodyStepTests
{
    [Fact]
    public async Task The_body_is_read_whole_for_the_next_steps()
    {
        var body = "{\"inputs\": [[1, 2, 3]]}"u8.ToArray();
        var harness = new StepHarness(body: body);
        byte[]? seen = null;

        await harness.RunAsync(new ThenStep(new ReadBodyStep(), invocation => seen = invocation.Body.ToArray()));

        Assert.Equal(body, seen);
    }

    [Fact]
    public async Task A_body_over_the_payload_limit_is_400_and_stops_the_query()
    {
        var harness = new StepHarness(body: new byte[ReadBodyStep.MaxPayloadBytes + 1]);

        await harness.RunAsync(new ReadBodyStep());

        Assert.False(harness.Reached);
        Assert.Equal(400, harness.Context.Response.StatusCode);
        Assert.Equal("BAD_REQUEST", (string?)harness.Error()["error_code"]);
        Assert.Contains("16 MB", (string?)harness.Error()["message"]);
    }

    /// <summary>Runs a step, then looks at the invocation while the step still holds its buffers.</summary>
    private sealed class ThenStep(InvocationStep step, Action<Invocation> look) : InvocationStep
    {
        public override async ValueTask RunAsync(Invocation invocation)
        {
            InvocationStep.Chain([step, new Look(look)]);
            await step.RunAsync(invocation);
            await NextAsync(invocation);
        }

        private sealed class Look(Action<Invocation> look) : InvocationStep
        {
            public override ValueTask RunAsync(Invocation invocation)
            {
                look(invocation);
                return ValueTask.CompletedTask;
            }
        }
    }
}
