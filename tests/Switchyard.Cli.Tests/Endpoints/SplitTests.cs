using System.Text.Json.Nodes;
using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Endpoints;

/// <summary><c>split</c> changes the routes only: the rest of traffic_config is sent back as it was.</summary>
public sealed class SplitTests : CliAgainstServer
{
    [Fact]
    public async Task Split_KeepsStickyAssignmentAndSegments()
    {
        foreach (var (name, folder) in new[] { ("catalog.schema.model-A", "model-a"), ("catalog.schema.model-B", "model-b") })
        {
            await Cli.RunAsync("models", "create", name);
            await Cli.RunAsync("models", "register", name, Scenario.SampleModel(folder));
        }

        const string Sticky = """{"header":"x-user-id","salt":"cli"}""";
        const string Segments = """[{"name":"beta","match":{"header":"x-cohort","values":["beta"]},"routes":[{"served_entity_name":"challenger","traffic_percentage":100}]}]""";
        var body = Scenario.CreateBody.Replace("\"traffic_config\": {", $"\"traffic_config\": {{\"sticky\": {Sticky}, \"segments\": {Segments}, ", StringComparison.Ordinal);
        var bodyFile = Path.Combine(Cli.Home, "sticky.json");
        await File.WriteAllTextAsync(bodyFile, body);
        Assert.Equal(0, (await Cli.RunAsync("serving-endpoints", "create", "--json", "@" + bodyFile)).ExitCode);

        var split = (await Cli.RunAsync("serving-endpoints", "split", "multi-model", "current=50", "challenger=50", "-o", "json")).Json();

        var traffic = split["config"]!["traffic_config"]!;
        Assert.Equal(2, (int)split["config"]!["config_version"]!);
        Assert.Equal(50, (int)traffic["routes"]![1]!["traffic_percentage"]!);
        Assert.Equal(Sticky, traffic["sticky"]!.ToJsonString());
        Assert.Equal(Segments, traffic["segments"]!.ToJsonString());
    }
}
