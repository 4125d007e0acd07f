using System.Buffers;
using Switchyard.Core.Routing;
using Switchyard.Core.Runtimes;

namespace Switchyard.Core.Tests.Routing;

public sealed class ModelSlotTests
{
    private sealed class CountingModel : ILoadedModel
    {
        public static int Disposed;

        public ModelSignature Signature { get; } = new([], []);

        public ScoreResult Score(ReadOnlyMemory<byte> requestJson, IBufferWriter<byte> answer) => ScoreResult.Ok;

        public void Dispose() => Interlocked.Increment(ref Disposed);
    }

    [Fact]
    public async Task AcquireAsync_ConcurrentCallersOnEmptySlot_ShareOneLoad()
    {
        var loads = 0;
        var slot = new ModelSlot(async () =>
        {
            Interlocked.Increment(ref loads);
            await Task.Delay(50);
            return new CountingModel();
        });

        var leases = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => slot.AcquireAsync(CancellationToken.None).AsTask()));

        Assert.Equal(1, loads);
        Assert.All(leases, lease => Assert.Same(leases[0], lease));
    }

    [Fact]
    public async Task Unload_WhileLeased_DisposesOnlyAfterRelease()
    {
        var slot = new ModelSlot(() => Task.FromResult<IServedModel>(new CountingModel()));
        var lease = await slot.AcquireAsync(CancellationToken.None);
        var before = Volatile.Read(ref CountingModel.Disposed);

        Assert.True(slot.Unload());
        Assert.False(slot.IsLoaded);
        Assert.Equal(before, Volatile.Read(ref CountingModel.Disposed));

        lease.Release();
        Assert.Equal(before + 1, Volatile.Read(ref CountingModel.Disposed));
    }
}
