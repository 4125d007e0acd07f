using System.Text.Json.Nodes;
using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Endpoints;

/// <summary>The mission's scenario end to end, typed as a user would type it, against a real server.</summary>
public sealed class MissionScenarioTests : CliAgainstServer
{
    [Fact]
    public async Task Scenario_RegisterCreateQuerySplitDelete_JsonOutputShowsEachStep()
    {
        // 1. Register the two sample models from their folders.
        foreach (var (name, folder) in new[] { ("catalog.schema.model-A", "model-a"), ("catalog.schema.model-B", "model-b") })
        {
            var model = (await Cli.RunAsync("models", "create", name, "--output", "json")).Json();
            Assert.Equal(name, (string?)model["full_name"]);
            var version = (await Cli.RunAsync("models", "register", name, Scenario.SampleModel(folder), "-o", "json")).Json();
            Assert.Equal(1, (int)version["version"]!);
            Assert.Equal("READY", (string?)version["status"]);
        }

        // 2. Create the 90/10 endpoint from a file and wait; progress goes to stderr, the endpoint to stdout.
        var bodyFile = Path.Combine(Cli.Home, "multi-model.json");
        await File.WriteAllTextAsync(bodyFile, Scenario.CreateBody);
        var created = await Cli.RunAsync("serving-endpoints", "create", "--json", "@" + bodyFile, "--output", "json");
        var endpoint = created.Json();
        Assert.Equal("NOT_UPDATING", (string?)endpoint["state"]!["config_update"]);
        Assert.Contains("multi-model:", created.Error, StringComparison.Ordinal);
        Assert.Equal([("current", 90), ("challenger", 10)], Routes(endpoint));

        // 3. Query the endpoint, then one served model.
        var query = await Cli.RunAsync("serving-endpoints", "query", "multi-model", "--json", Scenario.QueryBody, "-o", "json");
        var prediction = Scenario.Prediction(query.Json());
        Assert.True(
            (query.Error.Contains("served-model-name: current", StringComparison.Ordinal) && Math.Abs(prediction - Scenario.ExpectedA) < 1e-4)
            || (query.Error.Contains("served-model-name: challenger", StringComparison.Ordinal) && Math.Abs(prediction - Scenario.ExpectedB) < 1e-4),
            query.ToString());
        var challenger = await Cli.RunAsync(
            "serving-endpoints", "query", "multi-model", "--served-model", "challenger", "--json", Scenario.QueryBody, "-o", "json");
        Assert.Equal(Scenario.ExpectedB, Scenario.Prediction(challenger.Json()), 4);

        // 4. Split 50/50: only the routes change, the entities stay, and the command waits for the new config.
        var split = (await Cli.RunAsync("serving-endpoints", "split", "multi-model", "current=50", "challenger=50", "-o", "json")).Json();
        Assert.Equal("NOT_UPDATING", (string?)split["state"]!["config_update"]);
        Assert.Equal(2, (int)split["config"]!["config_version"]!);
        Assert.Equal([("current", 50), ("challenger", 50)], Routes(split));
        var entities = split["config"]!["served_entities"]!.AsArray().Select(e => ((string?)e!["name"], (string?)e["entity_name"])).ToList();
        Assert.Equal([("current", "catalog.schema.model-A"), ("challenger", "catalog.schema.model-B")], entities);

        // The list and the text view agree.
        var list = (await Cli.RunAsync("serving-endpoints", "list", "-o", "json")).Json();
        Assert.Equal("multi-model", (string?)list["endpoints"]![0]!["name"]);
        var text = await Cli.RunAsync("serving-endpoints", "get", "multi-model");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("challenger", text.Out, StringComparison.Ordinal);
        Assert.Contains("50%", text.Out, StringComparison.Ordinal);

        // 5. Delete; it is gone.
        Assert.Equal(0, (await Cli.RunAsync("serving-endpoints", "delete", "multi-model")).ExitCode);
        Assert.Equal(3, (await Cli.RunAsync("serving-endpoints", "get", "multi-model")).ExitCode);
    }

    [Fact]
    public async Task CreateWithFlags_NoWait_AnswersAtOnceAndTextTablesShowTheEndpoint()
    {
        await Cli.RunAsync("models", "create", "catalog.schema.model-A");
        await Cli.RunAsync("models", "register", "catalog.schema.model-A", Scenario.SampleModel("model-a"));

        var created = await Cli.RunAsync("serving-endpoints", "create", "solo", "--entity", "only=catalog.schema.model-A:1",
            "--route", "only=100", "--scale-to-zero", "--no-wait", "-o", "json");
        Assert.Equal("solo", (string?)created.Json()["name"]);
        Assert.Equal("", created.Error);

        var versions = await Cli.RunAsync("models", "list-versions", "catalog.schema.model-A");
        Assert.Equal(0, versions.ExitCode);
        Assert.Contains("READY", versions.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await Cli.RunAsync("models", "set-alias", "catalog.schema.model-A", "champion", "1")).ExitCode);
        var alias = (await Cli.RunAsync("models", "get-alias", "catalog.schema.model-A", "champion", "-o", "json")).Json();
        Assert.Equal(1, (int)alias["version"]!);
        Assert.Equal(0, (await Cli.RunAsync("models", "delete-alias", "catalog.schema.model-A", "champion")).ExitCode);
    }

    [Fact]
    public void SampleBody_TheReadmeUses_IsTheMissionBody()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(Scenario.RepoRoot, "samples", "endpoints", "multi-model.json")));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Scenario.CreateBody), sample));
    }

    private static List<(string?, int)> Routes(JsonObject endpoint) =>
        endpoint["config"]!["traffic_config"]!["routes"]!.AsArray()
            .Select(r => ((string?)r!["served_model_name"], (int)r["traffic_percentage"]!))
            .ToList();
}
