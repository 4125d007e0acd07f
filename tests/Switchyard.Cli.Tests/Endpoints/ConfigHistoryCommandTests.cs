using System.Text.Json.Nodes;
using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Endpoints;

/// <summary>
/// <c>serving-endpoints config-history</c> (a table of versions, each with its diff; the API's JSON
/// with <c>-o json</c>) and <c>serving-endpoints rollback</c> (a new version from an older one, with
/// a reason, waiting like update-config; <c>--if-match</c> refused with exit 5 when the endpoint moved).
/// </summary>
public sealed class ConfigHistoryCommandTests : CliAgainstServer
{
    [Fact]
    public async Task ConfigHistory_ShowsVersionsAndDiffs_AndRollbackAppliesAnOlderVersionAgain()
    {
        await CreateAndSplitAsync();

        var text = await Cli.RunAsync("serving-endpoints", "config-history", "multi-model");
        Assert.Equal(0, text.ExitCode);
        var lines = text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => l.TrimEnd('\r')).ToList();
        Assert.Matches(@"^VERSION\s+TIME\s+AUTHOR\s+REASON$", lines[0]);
        Assert.Matches(@"^2\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+admin\s+-$", lines[1]);
        Assert.Contains("  traffic_config.routes[current].traffic_percentage: 90 → 50", lines);
        Assert.Contains("  traffic_config.routes[challenger].traffic_percentage: 10 → 50", lines);
        Assert.Matches(@"^1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+admin\s+-$", lines[^2]);
        Assert.Equal("  (first version)", lines[^1]);

        // JSON output is the API's answer as it came.
        var json = (await Cli.RunAsync("serving-endpoints", "config-history", "multi-model", "-o", "json")).Json();
        var api = await Server.GetOkJsonAsync("/api/2.0/serving-endpoints/multi-model/config-history");
        Assert.True(JsonNode.DeepEquals(api, json), json.ToJsonString());
        Assert.Equal([2, 1], json["configs"]!.AsArray().Select(static c => (int)c!["config_version"]!));

        var newest = await Cli.RunAsync("serving-endpoints", "config-history", "multi-model", "--max", "1");
        Assert.Equal(0, newest.ExitCode);
        Assert.DoesNotContain("(first version)", newest.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^2\s", newest.Out);

        // Rollback waits for the new version and shows the endpoint; the reason is kept in the history.
        var rolledBack = await Cli.RunAsync("serving-endpoints", "rollback", "multi-model", "--version", "1", "--reason", "50/50 hurt", "-o", "json");
        var endpoint = rolledBack.Json();
        Assert.Contains("Rolling multi-model back to config version 1 as config version 3.", rolledBack.Error, StringComparison.Ordinal);
        Assert.Equal(3, (int)endpoint["config"]!["config_version"]!);
        Assert.Equal("NOT_UPDATING", (string?)endpoint["state"]!["config_update"]);
        Assert.Equal([90, 10], endpoint["config"]!["traffic_config"]!["routes"]!.AsArray().Select(static r => (int)r!["traffic_percentage"]!));

        var after = await Cli.RunAsync("serving-endpoints", "config-history", "multi-model");
        Assert.Matches(@"(?m)^3\s+\S+ \S+\s+admin\s+50/50 hurt$", after.Out);
        Assert.Contains("  traffic_config.routes[current].traffic_percentage: 50 → 90", after.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_WithAStaleIfMatch_ExitsConflict_AndBadArgumentsAreUsageErrors()
    {
        await CreateAndSplitAsync();

        var stale = await Cli.RunAsync("serving-endpoints", "rollback", "multi-model", "--version", "1", "--if-match", "1");
        Assert.Equal(5, stale.ExitCode);
        Assert.Equal(
            "Error: RESOURCE_CONFLICT: If-Match names config version 1, but the current config version of serving endpoint multi-model is 2; read the endpoint again and retry.",
            stale.Error.Trim());
        var history = await Server.GetOkJsonAsync("/api/2.0/serving-endpoints/multi-model/config-history");
        Assert.Equal(2, history["configs"]!.AsArray().Count);

        var current = await Cli.RunAsync("serving-endpoints", "rollback", "multi-model", "--version", "1", "--if-match", "\"2\"", "--no-wait", "-o", "json");
        Assert.Equal(3, (int)current.Json()["pending_config"]!["config_version"]!);
        await Server.WaitUntilReadyAsync("multi-model");

        var unknown = await Cli.RunAsync("serving-endpoints", "rollback", "multi-model", "--version", "9");
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("Config version 9 of serving endpoint multi-model not found.", unknown.Error, StringComparison.Ordinal);

        foreach (var args in new[]
        {
            new[] { "serving-endpoints", "rollback", "multi-model" },
            ["serving-endpoints", "rollback", "multi-model", "--version", "0"],
            ["serving-endpoints", "rollback", "multi-model", "--version", "one"],
            ["serving-endpoints", "config-history", "multi-model", "--max", "-3"],
            ["serving-endpoints", "config-history", "multi-model", "--max", "1001"],
            ["serving-endpoints", "config-history", "multi-model", "--version", "1"],
        })
        {
            var refused = await Cli.RunAsync(args);
            Assert.True(refused.ExitCode == 2, $"{string.Join(' ', args)}: {refused}");
        }

        Assert.Equal(3, (await Server.GetOkJsonAsync("/api/2.0/serving-endpoints/multi-model/config-history"))["configs"]!.AsArray().Count);
    }

    /// <summary>The scenario's 90/10 endpoint (version 1), split 50/50 through the CLI (version 2).</summary>
    private async Task CreateAndSplitAsync()
    {
        await Server.RegisterSampleModelsAsync();
        var bodyFile = Path.Combine(Cli.Home, "multi-model.json");
        await File.WriteAllTextAsync(bodyFile, Scenario.CreateBody);
        Assert.Equal(0, (await Cli.RunAsync("serving-endpoints", "create", "--json", "@" + bodyFile)).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("serving-endpoints", "split", "multi-model", "current=50", "challenger=50")).ExitCode);
    }
}
