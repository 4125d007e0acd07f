using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Tests.Infrastructure;
using Switchyard.Testing;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>Build logs and runtime logs of served entities: <c>…/served-models/{served}/build-logs</c> and <c>…/logs</c>.</summary>
public sealed partial class ServedEntityLogTests
{
    private const string OneEntity = """
        {"name": "logged", "config": {"served_entities": [
          {"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": true}]}}
        """;

    [Fact]
    public async Task BuildLogs_SayWhatLoadingDid_OneUtcTimestampedLinePerStep()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", OneEntity));
        await MissionScenario.WaitForUpdateAsync(server, "logged");

        var logs = await LogsAsync(server, "logged", "current", "build-logs");

        Assert.Contains("custom model catalog.schema.model-A version 1", logs, StringComparison.Ordinal);
        Assert.Contains("Checking the artifact of catalog.schema.model-A version 1 (onnx flavor)", logs, StringComparison.Ordinal);
        Assert.Contains("column-based signature with 4 input(s) and 1 output(s)", logs, StringComparison.Ordinal);
        Assert.Contains("Creating the onnx runtime", logs, StringComparison.Ordinal);
        Assert.Contains("the entity is ready", logs, StringComparison.Ordinal);
        AssertTimestamped(logs);
    }

    [Fact]
    public async Task Logs_OfAnUnknownServedName_Are404_AndOfAQuietEntityEmpty()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", OneEntity));
        await MissionScenario.WaitForUpdateAsync(server, "logged");
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/logged/invocations", MissionScenario.QueryBody));

        Assert.Equal("", await LogsAsync(server, "logged", "current", "logs"));
        foreach (var kind in new[] { "logs", "build-logs" })
        {
            await ApiAssert.ErrorAsync(await server.Client.GetAsync($"/api/2.0/serving-endpoints/logged/served-models/nobody/{kind}"), 404, "RESOURCE_DOES_NOT_EXIST");
            await ApiAssert.ErrorAsync(await server.Client.GetAsync($"/api/2.0/serving-endpoints/nowhere/served-models/current/{kind}"), 404, "RESOURCE_DOES_NOT_EXIST");
        }
    }

    [Fact]
    public async Task Logs_NeedCanView()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", OneEntity));
        await MissionScenario.WaitForUpdateAsync(server, "logged");
        var (_, token) = await server.CreateUserWithTokenAsync("viewer@example.com");
        var viewer = server.ClientFor(token);

        await ApiAssert.ErrorAsync(await viewer.GetAsync("/api/2.0/serving-endpoints/logged/served-models/current/build-logs"), 403, "PERMISSION_DENIED");
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync("/api/2.0/permissions/serving-endpoints/" + await IdOfAsync(server, "logged"),
            """{"access_control_list": [{"user_name": "viewer@example.com", "permission_level": "CAN_VIEW"}]}"""));

        var build = await ApiAssert.OkJsonAsync(await viewer.GetAsync("/api/2.0/serving-endpoints/logged/served-models/current/build-logs"));
        Assert.Contains("Checking the artifact", (string?)build["logs"], StringComparison.Ordinal);
        await ApiAssert.OkJsonAsync(await viewer.GetAsync("/api/2.0/serving-endpoints/logged/served-models/current/logs"));
    }

    [Fact]
    public async Task UpdateFailed_ReasonIsInTheFailedEntitysBuildLogs()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var broken = Path.Combine(server.DataDir + "-samples", "broken");
        Directory.CreateDirectory(broken);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleModel("model-a")))
        {
            File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        }

        await File.WriteAllTextAsync(Path.Combine(broken, "model.onnx"), "this is not an ONNX model");
        await MissionScenario.RegisterAsync(server, "broken", broken);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", OneEntity));
        await MissionScenario.WaitForUpdateAsync(server, "logged");
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/logged/config",
            """{"served_entities": [{"name": "next", "entity_name": "catalog.schema.broken", "entity_version": "1", "workload_size": "Small"}]}"""));
        var failed = await MissionScenario.WaitForUpdateAsync(server, "logged");
        Assert.Equal("UPDATE_FAILED", (string?)failed["state"]!["config_update"]);

        // "next" is a served name of the pending config only.
        var logs = await LogsAsync(server, "logged", "next", "build-logs");

        Assert.Contains("Load failed:", logs, StringComparison.Ordinal);
        Assert.Contains("Config version 2 was not deployed (UPDATE_FAILED)", logs, StringComparison.Ordinal);
        Assert.Contains((string)failed["pending_config"]!["served_entities"]![0]!["state"]!["deployment_state_message"]!, logs, StringComparison.Ordinal);
        AssertTimestamped(logs);
        // The live entity's build logs are its own.
        Assert.DoesNotContain("UPDATE_FAILED", await LogsAsync(server, "logged", "current", "build-logs"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_CountA429FloodPerSecond_InsteadOfALinePerRequest()
    {
        var gated = new GatedRuntime(gateScoring: true);
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IModelRuntime>(gated), "--Switchyard:QueueDepthPerSlot=0");
        await MissionScenario.RegisterAsync(server, "held", GatedRuntime.WriteModel(Path.Combine(server.DataDir + "-samples", "held"), RepoPaths.SampleModel("model-a")));
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints",
            """{"name": "narrow", "config": {"served_entities": [{"name": "held", "entity_name": "catalog.schema.held", "entity_version": "1", "workload_size": "Small"}]}}"""));
        await MissionScenario.WaitForUpdateAsync(server, "narrow");
        var running = Enumerable.Range(0, 4).Select(_ => server.PostJsonAsync("/serving-endpoints/narrow/invocations", MissionScenario.QueryBody)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (gated.WaitingToScore < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {gated.WaitingToScore} requests reached the model");
            await Task.Delay(10);
        }

        const int refusals = 60;
        for (var i = 0; i < refusals; i++)
        {
            await ApiAssert.ErrorAsync(await server.PostJsonAsync("/serving-endpoints/narrow/invocations", MissionScenario.QueryBody), 429, "REQUEST_LIMIT_EXCEEDED");
        }

        gated.Open();
        await Task.WhenAll(running);
        var logs = await LogsAsync(server, "narrow", "held", "logs");

        var counted = CountLine().Matches(logs);
        Assert.InRange(counted.Count, 1, 10);
        Assert.Equal(refusals, counted.Sum(static m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        AssertTimestamped(logs);
    }

    [Fact]
    public async Task Logs_ShowScaleToZeroAndTheReload()
    {
        await using var server = await ServerUnderTest.StartAsync("--scale-to-zero-idle", "00:00:00.300");
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", OneEntity));
        await MissionScenario.WaitForUpdateAsync(server, "logged");
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/logged/invocations", MissionScenario.QueryBody));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string logs;
        while (!(logs = await LogsAsync(server, "logged", "current", "logs")).Contains("Scaled to zero", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"never scaled to zero: {logs}");
            await Task.Delay(100);
        }

        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/serving-endpoints/logged/invocations", MissionScenario.QueryBody));
        logs = await LogsAsync(server, "logged", "current", "logs");
        Assert.Contains("Loading the model again", logs, StringComparison.Ordinal);
        Assert.Contains("the entity is ready", logs, StringComparison.Ordinal);
        Assert.True(logs.IndexOf("Scaled to zero", StringComparison.Ordinal) < logs.IndexOf("Loading the model again", StringComparison.Ordinal));
        AssertTimestamped(logs);
    }

    internal static async Task<string> LogsAsync(ServerUnderTest server, string endpoint, string served, string kind)
    {
        var body = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"/api/2.0/serving-endpoints/{endpoint}/served-models/{served}/{kind}"));
        return (string)body["logs"]!;
    }

    /// <summary>Every line starts with a UTC ISO 8601 time.</summary>
    internal static void AssertTimestamped(string logs)
    {
        foreach (var line in logs.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Matches(Timestamp(), line);
        }
    }

    private static async Task<string> IdOfAsync(ServerUnderTest server, string endpoint)
    {
        var body = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"/api/2.0/serving-endpoints/{endpoint}"));
        return (string)body["id"]!;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"Z (\d+) × 429 REQUEST_LIMIT_EXCEEDED")]
    private static partial Regex CountLine();
}
