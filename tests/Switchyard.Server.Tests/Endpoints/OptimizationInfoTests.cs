using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Registry;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Server.Tests.Registry;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary><c>GET /api/2.0/serving-endpoints/get-model-optimization-info/{name}/{version}</c>.</summary>
public sealed class OptimizationInfoTests : IAsyncLifetime
{
    private const string Route = "/api/2.0/serving-endpoints/get-model-optimization-info/";
    private readonly CountingProbe _probe = new();
    private ServerUnderTest _server = null!;
    private TempFolder _folder = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IThroughputProbe>(_probe));
        _folder = new TempFolder();
        await MissionScenario.RegisterSamplesAsync(_server);
        await FoundationModels.RegisterMissionModelsAsync(_server, _folder.Path);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Gguf_versions_are_optimizable_with_their_type_chunk_and_measured_rate()
    {
        var mistral = await ApiAssert.OkJsonAsync(await _server.Client.GetAsync(Route + FoundationModels.Mistral + "/2"));
        var mixtral = await ApiAssert.OkJsonAsync(await _server.Client.GetAsync(Route + FoundationModels.Mixtral + "/3"));

        Assert.True((bool)mistral["optimizable"]!);
        Assert.Equal("llama", (string?)mistral["model_type"]);
        Assert.Equal(20, (int)mistral["throughput_chunk_size"]!);
        Assert.Equal(1, (int)mistral["model_unit_chunk_size"]!);
        Assert.Equal(20, (int)mistral["tokens_per_second_per_model_unit"]!);
        Assert.Equal(1234.5, (double)mistral["measured_tokens_per_second"]!);
        Assert.Equal("mixtral", (string?)mixtral["model_type"]);
    }

    [Fact]
    public async Task The_measurement_is_made_once_per_version()
    {
        for (var i = 0; i < 3; i++)
        {
            await ApiAssert.OkJsonAsync(await _server.Client.GetAsync(Route + FoundationModels.Mistral + "/2"));
        }

        await ApiAssert.OkJsonAsync(await _server.Client.GetAsync(Route + FoundationModels.Mistral + "/1"));

        Assert.Equal(2, _probe.Calls);
    }

    [Fact]
    public async Task Custom_model_is_not_optimizable()
    {
        var answer = await ApiAssert.OkJsonAsync(await _server.Client.GetAsync(Route + MissionScenario.ModelA + "/1"));

        Assert.False((bool)answer["optimizable"]!);
        Assert.Null(answer["throughput_chunk_size"]);
    }

    [Theory]
    [InlineData("system.ai.nope/1", "Registered model 'system.ai.nope' does not exist")]
    [InlineData(FoundationModels.Mistral + "/9", "Version 9 of registered model")]
    public async Task Unknown_model_or_version_is_404(string path, string expected)
    {
        var message = await ApiAssert.ErrorAsync(await _server.Client.GetAsync(Route + path), 404, "RESOURCE_DOES_NOT_EXIST");

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_who_may_not_read_the_model_is_denied()
    {
        var (_, token) = await _server.CreateUserWithTokenAsync("someone@example.com");

        await ApiAssert.ErrorAsync(await _server.ClientFor(token).GetAsync(Route + FoundationModels.Mistral + "/2"), 403, "PERMISSION_DENIED");
    }

    private sealed class CountingProbe : IThroughputProbe
    {
        private int _calls;

        public int Calls => _calls;

        public Task<double?> MeasureAsync(ModelVersion version, CancellationToken ct)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult<double?>(1234.5);
        }
    }
}
