using Microsoft.Extensions.DependencyInjection;
using Switchyard.Server.Serving;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>The mission's create / query / query-one / update-to-50/50 scenario, end to end over HTTP.</summary>
public sealed class MissionScenarioTests
{
    [Fact]
    public async Task Create_BodyAsTheDocumentWritesIt_IsRefusedSayingWhereTheJsonBreaks()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);

        var message = await ApiAssert.ErrorAsync(
            await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBodyAsWritten), 400, "BAD_REQUEST");

        Assert.Contains("line 3, column 3", message, StringComparison.Ordinal);
        var list = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints"));
        Assert.Empty(list["endpoints"]!.AsArray());
    }

    [Fact]
    public async Task MissionScenario_CreateQueryQueryOneAndSplit5050_AnswersFromTheRightModels()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);

        var created = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints/", MissionScenario.CreateBody));
        Assert.Equal("multi-model", (string?)created["name"]);
        Assert.Equal("IN_PROGRESS", (string?)created["state"]!["config_update"]);
        Assert.Equal("NOT_READY", (string?)created["state"]!["ready"]);

        var ready = await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        Assert.Equal("NOT_UPDATING", (string?)ready["state"]!["config_update"]);
        Assert.Equal("READY", (string?)ready["state"]!["ready"]);
        Assert.Equal(1, (int)ready["config"]!["config_version"]!);
        Assert.Null(ready["pending_config"]);
        Assert.All(ready["config"]!["served_entities"]!.AsArray(), e => Assert.Equal("DEPLOYMENT_READY", (string?)e!["state"]!["deployment"]));
        var routes = ready["config"]!["traffic_config"]!["routes"]!.AsArray();
        Assert.Equal([90, 10], routes.Select(r => (int)r!["traffic_percentage"]!));

        for (var i = 0; i < 20; i++)
        {
            var response = await server.PostJsonAsync("/serving-endpoints/multi-model/invocations", MissionScenario.QueryBody);
            var answer = await ApiAssert.OkJsonAsync(response);
            var servedBy = response.Headers.GetValues("served-model-name").Single();
            Assert.Equal(MissionScenario.Expected(servedBy), MissionScenario.PredictionOf(answer), 4);
        }

        for (var i = 0; i < 10; i++)
        {
            var response = await server.PostJsonAsync("/serving-endpoints/multi-model/served-models/challenger/invocations", MissionScenario.QueryBody);
            var answer = await ApiAssert.OkJsonAsync(response);
            Assert.Equal("challenger", response.Headers.GetValues("served-model-name").Single());
            Assert.Equal(MissionScenario.Expected("challenger"), MissionScenario.PredictionOf(answer), 5);
        }

        var endpoints = server.Services.GetRequiredService<EndpointDirectory>();
        var before = endpoints.TryGetSnapshot("multi-model")?.Live;
        Assert.NotNull(before);

        var updating = await ApiAssert.OkJsonAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/multi-model/config", MissionScenario.UpdateTo5050));
        Assert.Equal("multi-model", (string?)updating["name"]);
        Assert.Equal("IN_PROGRESS", (string?)updating["state"]!["config_update"]);
        Assert.Equal(2, (int)updating["pending_config"]!["config_version"]!);
        Assert.Equal(1, (int)updating["config"]!["config_version"]!);

        var updated = await MissionScenario.WaitForUpdateAsync(server, "multi-model");
        Assert.Equal("NOT_UPDATING", (string?)updated["state"]!["config_update"]);
        Assert.Equal(2, (int)updated["config"]!["config_version"]!);
        Assert.Equal([50, 50], updated["config"]!["traffic_config"]!["routes"]!.AsArray().Select(r => (int)r!["traffic_percentage"]!));

        // Unchanged entities are carried over to the new config, not reloaded.
        var after = endpoints.TryGetSnapshot("multi-model")?.Live;
        Assert.NotNull(after);
        Assert.Equal(2, after.ConfigVersion);
        Assert.Same(before.Find("current"), after.Find("current"));
        Assert.Same(before.Find("challenger"), after.Find("challenger"));

        Assert.Equal("{}", await (await server.Client.DeleteAsync("/api/2.0/serving-endpoints/multi-model")).Content.ReadAsStringAsync());
        await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model"), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await server.PostJsonAsync("/serving-endpoints/multi-model/invocations", MissionScenario.QueryBody), 404, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task Invocations_UnknownEndpointOrServedModel_Are404()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");

        await ApiAssert.ErrorAsync(await server.PostJsonAsync("/serving-endpoints/nope/invocations", MissionScenario.QueryBody), 404, "ENDPOINT_NOT_FOUND");
        await ApiAssert.ErrorAsync(await server.PostJsonAsync("/serving-endpoints/nope/served-models/current/invocations", MissionScenario.QueryBody), 404, "ENDPOINT_NOT_FOUND");
        await ApiAssert.ErrorAsync(await server.PostJsonAsync("/serving-endpoints/multi-model/served-models/nope/invocations", MissionScenario.QueryBody), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Invocations_MalformedInput_IsBadRequestNamingTheColumn()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");

        var response = await server.PostJsonAsync("/serving-endpoints/multi-model/served-models/current/invocations",
            """{"dataframe_split": {"columns": ["x1", "x2", "x3"], "data": [[1, 2, 3]]}}""");
        var message = await ApiAssert.ErrorAsync(response, 400, "BAD_REQUEST");
        Assert.Contains("x4", message, StringComparison.Ordinal);
        Assert.Equal("current", response.Headers.GetValues("served-model-name").Single());
    }
}
