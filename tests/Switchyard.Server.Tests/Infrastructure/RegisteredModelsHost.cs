using Switchyard.Server.Tests.Registry;

namespace Switchyard.Server.Tests.Infrastructure;

/// <summary>
/// One server with the sample custom models and the mission's tiny GGUF foundation models
/// registered, shared by the tests of a class whose cases only need models to name (each test
/// uses endpoint names of its own).
/// </summary>
public sealed class RegisteredModelsHost : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public ServerUnderTest Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(Server);
        await FoundationModels.RegisterMissionModelsAsync(Server, _folder.Path);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>One figure of one entity from an endpoint's metrics route.</summary>
    public Task<double> MetricAsync(string endpoint, string name, string servedEntity) => EndpointMetrics.ReadAsync(Server, endpoint, name, servedEntity);
}
