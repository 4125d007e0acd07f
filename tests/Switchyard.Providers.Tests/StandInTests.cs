using Switchyard.Testing.Providers;

namespace Switchyard.Providers.Tests;

/// <summary>
/// Tests that query models built through the factory against one provider stand-in: each test gets
/// a fresh stand-in on loopback and fresh key stores, so no request or secret leaks between tests.
/// </summary>
public abstract class StandInTests<TStandIn> : IAsyncLifetime
    where TStandIn : ProviderStandIn
{
    protected TStandIn StandIn { get; private set; } = null!;

    private protected TestKeys Keys { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        StandIn = await StartStandInAsync();
        Keys = await TestKeys.CreateAsync();
    }

    /// <summary>Ends the test: every request it made had to keep the provider's rules (the stand-in counts those it refused).</summary>
    public async Task DisposeAsync()
    {
        var violations = StandIn.Violations;
        await StandIn.DisposeAsync();
        Keys.Dispose();
        Assert.True(violations.Count == 0, $"The stand-in refused requests that break the provider's definition: {string.Join("; ", violations)}");
    }

    /// <summary>Starts the stand-in this test class talks to.</summary>
    protected abstract Task<TStandIn> StartStandInAsync();
}
