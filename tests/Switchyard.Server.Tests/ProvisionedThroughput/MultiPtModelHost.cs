using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Registry;

namespace Switchyard.Server.Tests.ProvisionedThroughput;

/// <summary>
/// One server serving the mission's <c>multi-pt-model</c> endpoint, created from its body exactly
/// as written, with the project's tiny dense and Mixtral-like GGUF models registered under the
/// mission's names and versions. Shared by the tests of a class (loading the engines is the slow part).
/// </summary>
public sealed class MultiPtModelHost : IAsyncLifetime
{
    public const string Endpoint = "multi-pt-model";
    public const string Mistral = "mistral_7b_instruct_v0_1-2";
    public const string Mixtral = "mixtral_8x7b_instruct_v0_1-3";

    private readonly TempFolder _folder = new();

    public ServerUnderTest Server { get; private set; } = null!;

    public string Folder => _folder.Path;

    public async Task InitializeAsync()
    {
        Server = await ServerUnderTest.StartAsync();
        await FoundationModels.RegisterMissionModelsAsync(Server, _folder.Path);
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/serving-endpoints", FoundationModels.MultiPtModelBody));
        var ready = await MissionScenario.WaitForUpdateAsync(Server, Endpoint, TimeSpan.FromMinutes(2));
        Assert.Equal("NOT_UPDATING", (string?)ready["state"]!["config_update"]);
        Assert.Equal("READY", (string?)ready["state"]!["ready"]);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>One figure of one entity from the endpoint's metrics route.</summary>
    public Task<double> MetricAsync(string name, string servedEntity) => EndpointMetrics.ReadAsync(Server, Endpoint, name, servedEntity);
}
