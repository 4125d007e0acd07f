using Switchyard.Testing;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>Config updates without downtime, failed updates, conflicts and restarts.</summary>
public sealed class LifecycleTests
{
    private static string SingleEntityConfig(string servedName, string model, string version) => $$"""
        {"served_entities": [{"name": "{{servedName}}", "entity_name": "{{model}}", "entity_version": "{{version}}", "workload_size": "Small"}]}
        """;

    [Fact]
    public async Task UpdateConfig_UnderConcurrentQueries_FailsNoQuery()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var versionTwo = await MissionScenario.RegisterAsync(server, "model-A", RepoPaths.SampleModel("model-a"));
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");

        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var served = 0;
        var load = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await server.PostJsonAsync("/serving-endpoints/multi-model/invocations", MissionScenario.QueryBody);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var failure = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                    lock (failures)
                    {
                        failures.Add(failure);
                    }
                }

                Interlocked.Increment(ref served);
            }
        })).ToArray();

        await Task.Delay(200);
        // Two updates in a row: the split changes, then 'current' moves to a new model version (a real load).
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/multi-model/config", MissionScenario.UpdateTo5050));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        var moved = MissionScenario.UpdateTo5050.Replace(
            "\"name\": \"current\", \"entity_name\": \"catalog.schema.model-A\", \"entity_version\": \"1\"",
            $"\"name\": \"current\", \"entity_name\": \"catalog.schema.model-A\", \"entity_version\": \"{versionTwo}\"", StringComparison.Ordinal);
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/multi-model/config", moved));
        var final = await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        await Task.Delay(200);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Equal(3, (int)final["config"]!["config_version"]!);
        Assert.Equal(versionTwo.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)final["config"]!["served_entities"]![0]!["entity_version"]);
        Assert.True(served > 100, $"only {served} queries ran during the updates");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task UpdateConfig_ModelThatCannotLoad_EndsUpdateFailedAndOldConfigKeepsServing()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        // A valid MLflow folder whose ONNX file is garbage: registration accepts it, loading fails.
        var broken = Path.Combine(server.DataDir + "-samples", "broken");
        Directory.CreateDirectory(broken);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleModel("model-a")))
        {
            File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        }

        await File.WriteAllTextAsync(Path.Combine(broken, "model.onnx"), "this is not an ONNX model");
        await MissionScenario.RegisterAsync(server, "broken", broken);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints",
            $$"""{"name": "stable", "config": {{SingleEntityConfig("current", MissionScenario.ModelA, "1")}}}"""));
        await MissionScenario.WaitForUpdateAsync(server, "stable");

        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/stable/config",
            SingleEntityConfig("next", "catalog.schema.broken", "1")));
        var failed = await MissionScenario.WaitForUpdateAsync(server, "stable");

        Assert.Equal("UPDATE_FAILED", (string?)failed["state"]!["config_update"]);
        Assert.Equal("READY", (string?)failed["state"]!["ready"]);
        Assert.Equal(1, (int)failed["config"]!["config_version"]!);
        var failedEntity = failed["pending_config"]!["served_entities"]![0]!;
        Assert.Equal("DEPLOYMENT_FAILED", (string?)failedEntity["state"]!["deployment"]);
        Assert.Contains("catalog.schema.broken", (string?)failedEntity["state"]!["deployment_state_message"], StringComparison.Ordinal);

        var response = await server.PostJsonAsync("/serving-endpoints/stable/invocations", MissionScenario.QueryBody);
        Assert.Equal("current", response.Headers.GetValues("served-model-name").Single());
        Assert.Equal(MissionScenario.Expected("current"), MissionScenario.PredictionOf(await ApiAssert.OkJsonAsync(response)), 4);

        // A failed update does not block the next one.
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/stable/config",
            SingleEntityConfig("challenger", MissionScenario.ModelB, "1")));
        var recovered = await MissionScenario.WaitForUpdateAsync(server, "stable");
        Assert.Equal("NOT_UPDATING", (string?)recovered["state"]!["config_update"]);
        Assert.Equal(2, (int)recovered["config"]!["config_version"]!);
    }

    [Fact]
    public async Task UpdateConfig_WhileAnotherIsInProgress_IsResourceConflictAndOldConfigServes()
    {
        var gated = new GatedRuntime();
        await using var server = await ServerUnderTest.StartAsync(services => services.AddSingleton<IModelRuntime>(gated));
        await MissionScenario.RegisterSamplesAsync(server);
        await MissionScenario.RegisterAsync(server, "slow", GatedRuntime.WriteModel(Path.Combine(server.DataDir + "-samples", "slow"), RepoPaths.SampleModel("model-b")));
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints",
            $$"""{"name": "busy", "config": {{SingleEntityConfig("current", MissionScenario.ModelA, "1")}}}"""));
        await MissionScenario.WaitForUpdateAsync(server, "busy");

        // The slow model's load waits at the gate, so this update stays IN_PROGRESS.
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/busy/config",
            SingleEntityConfig("slow", "catalog.schema.slow", "1")));
        var message = await ApiAssert.ErrorAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/busy/config",
            SingleEntityConfig("challenger", MissionScenario.ModelB, "1")), 409, "RESOURCE_CONFLICT");
        Assert.Contains("busy", message, StringComparison.Ordinal);

        var during = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/busy"));
        Assert.Equal("IN_PROGRESS", (string?)during["state"]!["config_update"]);
        Assert.Equal("READY", (string?)during["state"]!["ready"]);
        Assert.Equal(1, (int)during["config"]!["config_version"]!);
        Assert.Equal(2, (int)during["pending_config"]!["config_version"]!);
        Assert.Equal("DEPLOYMENT_CREATING", (string?)during["pending_config"]!["served_entities"]![0]!["state"]!["deployment"]);
        for (var i = 0; i < 5; i++)
        {
            var response = await server.PostJsonAsync("/serving-endpoints/busy/invocations", MissionScenario.QueryBody);
            Assert.Equal("current", response.Headers.GetValues("served-model-name").Single());
            Assert.Equal(MissionScenario.Expected("current"), MissionScenario.PredictionOf(await ApiAssert.OkJsonAsync(response)), 4);
        }

        gated.Open();
        var done = await MissionScenario.WaitForUpdateAsync(server, "busy");
        Assert.Equal(2, (int)done["config"]!["config_version"]!);
        var after = await server.PostJsonAsync("/serving-endpoints/busy/invocations", MissionScenario.QueryBody);
        Assert.Equal("slow", after.Headers.GetValues("served-model-name").Single());
        Assert.Equal(MissionScenario.Expected("challenger"), MissionScenario.PredictionOf(await ApiAssert.OkJsonAsync(after)), 5);
    }

    [Fact]
    public async Task Restart_KeepsRegistryEndpointsAndConfigs()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/multi-model/config", MissionScenario.UpdateTo5050));
        var before = await MissionScenario.WaitForUpdateAsync(server, "multi-model");

        await server.RestartAsync();

        // Queries right after start-up wait for the models to load rather than failing.
        for (var i = 0; i < 10; i++)
        {
            var response = await server.PostJsonAsync("/serving-endpoints/multi-model/invocations", MissionScenario.QueryBody);
            var servedBy = response.Headers.GetValues("served-model-name").Single();
            Assert.Equal(MissionScenario.Expected(servedBy), MissionScenario.PredictionOf(await ApiAssert.OkJsonAsync(response)), 4);
        }

        var after = await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        Assert.Equal((string?)before["id"], (string?)after["id"]);
        Assert.Equal(2, (int)after["config"]!["config_version"]!);
        Assert.Equal("READY", (string?)after["state"]!["ready"]);
        Assert.True(JsonNode.DeepEquals(before["config"]!["traffic_config"], after["config"]!["traffic_config"]));
        var models = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.1/unity-catalog/models"));
        Assert.Equal(2, models["registered_models"]!.AsArray().Count);
    }
}
