using Switchyard.Core.Routing;

namespace Switchyard.Core.Tests.Routing;

public sealed class ConcurrencyGateTests
{
    [Fact]
    public async Task EnterAsync_PastSlotsAndQueue_Refuses()
    {
        using var gate = new ConcurrencyGate(slots: 2, queueLimit: 1);
        Assert.True(await gate.EnterAsync(CancellationToken.None));
        Assert.True(await gate.EnterAsync(CancellationToken.None));
        var queued = gate.EnterAsync(CancellationToken.None).AsTask();
        Assert.False(queued.IsCompleted);
        Assert.False(await gate.EnterAsync(CancellationToken.None));

        gate.Exit();
        Assert.True(await queued);
    }
}
