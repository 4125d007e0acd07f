using Switchyard.Server.Hosting;

namespace Switchyard.Bench.Serving;

/// <summary>The server under test, built exactly as the product builds it, plus the bench's allocation counter route.</summary>
public static class SwitchyardServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = SwitchyardHost.Build(args);
        app.MapAllocatedBytes();
        await app.RunAsync();
        return 0;
    }
}
