using System.Text.Json.Nodes;
using Switchyard.Core.Routing;
using Xunit.Abstractions;
using static Switchyard.Server.Tests.Experiments.ReadoutHost;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>
/// The experiment report over real HTTP: SRM on a skewed and an even split, a feedback metric with
/// and without a real difference, segments split at a weight change, byte-identical answers.
/// Feedback values come from a seeded generator, so every run sees the same figures; the
/// thresholds sit many standard errors from what the effects give.
/// </summary>
public sealed class ExperimentReportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EvenSplit_SrmSilent_ClickedDifferenceSignificant_RatingWithoutDifferenceNot_AndRereadsAreByteIdentical()
    {
        await using var host = await StartAsync();
        await host.CreateAsync("ab-even", 5000, 5000);
        var answers = await host.QueryEachAsync("ab-even", Users(2000));

        // clicked: 30% on current, 45% on challenger (Δ 0.15, about 7 standard errors); rating: the same
        // normal law on both arms. Booleans and numbers both go through the wire.
        var random = new Random(16);
        var feedback = new List<(string, string, JsonNode)>();
        foreach (var answer in answers)
        {
            var rate = answer.Served == "current" ? 0.30 : 0.45;
            feedback.Add((answer.RequestId, "clicked", JsonValue.Create(random.NextDouble() < rate)));
            feedback.Add((answer.RequestId, "rating", JsonValue.Create(3 + Gaussian(random))));
        }

        await host.SendFeedbackAsync("ab-even", feedback);
        var text = await host.ReportTextAsync("ab-even", 2000);
        var report = JsonNode.Parse(text)!.AsObject();
        output.WriteLine(text);

        Assert.Equal("ab-even", (string?)report["endpoint_name"]);
        Assert.Equal(1, (long)report["config_version"]!);
        Assert.Equal("current", (string?)report["control"]);
        var current = Arm(report, "current");
        var challenger = Arm(report, "challenger");
        Assert.Equal(answers.Count(a => a.Served == "current"), (long)current["requests"]!);
        Assert.Equal(2000, (long)current["units"]! + (long)challenger["units"]!);
        Assert.Equal(0.5, (double)current["expected_share"]!);
        Assert.Equal(0, (double)current["error_rate"]!);
        Assert.True((double)current["latency_ms"]!["p50"]! <= (double)current["latency_ms"]!["p99"]!);
        Assert.Null(current["tokens"]!["input"]);

        // 2000 users hashed onto an even split: nothing to alert on.
        Assert.True((double)report["srm_p_value"]! > 0.001, text);
        Assert.False((bool)report["srm_alert"]!);

        var clicked = Metric(report, "challenger", "clicked");
        Assert.Equal("two_proportions", (string?)clicked["test"]);
        Assert.InRange((double)clicked["delta"]!, 0.08, 0.22);
        Assert.True((double)clicked["delta_ci"]![0]! > 0, clicked.ToJsonString());
        Assert.True((double)clicked["p_value"]! < 1e-4, clicked.ToJsonString());
        Assert.True((double)clicked["msprt_p_value"]! < 0.01, clicked.ToJsonString());
        var controlClicked = Metric(report, "current", "clicked");
        Assert.InRange((double)controlClicked["mean"]!, 0.25, 0.35);
        Assert.Null(controlClicked["delta"]);
        Assert.Null(controlClicked["p_value"]);

        var rating = Metric(report, "challenger", "rating");
        Assert.Equal("welch", (string?)rating["test"]);
        Assert.True((double)rating["p_value"]! > 0.001, rating.ToJsonString());
        Assert.True((double)rating["msprt_p_value"]! > 0.05, rating.ToJsonString());
        Assert.True((double)rating["delta_ci"]![0]! < 0.2 && (double)rating["delta_ci"]![1]! > -0.2, rating.ToJsonString());

        // The same rows give the same bytes, read again and read after a restart.
        Assert.Equal(text, await host.ReportTextAsync("ab-even", 2000));
        await host.Server.RestartAsync();
        await Infrastructure.MissionScenario.WaitForUpdateAsync(host.Server, "ab-even");
        Assert.Equal(text, await host.ReportTextAsync("ab-even", 2000));
    }

    [Fact]
    public async Task InjectedFiftyFiveFortyFive_RaisesTheSrmAlert()
    {
        await using var host = await StartAsync();
        await host.CreateAsync("ab-skewed", 5000, 5000);
        // Users chosen by their bucket so that 1100 land on current ([0, 5000)) and 900 on challenger:
        // χ² = 20, p ≈ 8e-6, far below the 0.001 alert line.
        var onCurrent = Users(6000, "u-").Where(u => AssignmentBucket.Of(Salt, u) < 5000).Take(1100);
        var onChallenger = Users(6000, "u-").Where(u => AssignmentBucket.Of(Salt, u) >= 5000).Take(900);
        var answers = await host.QueryEachAsync("ab-skewed", [.. onCurrent, .. onChallenger]);
        Assert.Equal(1100, answers.Count(a => a.Served == "current"));

        var report = await host.ReportAsync("ab-skewed", 2000);
        Assert.Equal(1100, (long)Arm(report, "current")["units"]!);
        Assert.Equal(0.55, (double)Arm(report, "current")["observed_share"]!);
        Assert.True((double)report["srm_p_value"]! < 1e-4, report.ToJsonString());
        Assert.True((bool)report["srm_alert"]!);
    }

    [Fact]
    public async Task PinnedTraffic_CountsInItsArm_EachQueryItsOwnUnit()
    {
        await using var host = await StartAsync();
        await host.CreateAsync("ab-pinned", 5000, 5000);
        var answers = await host.QueryEachAsync("ab-pinned", Users(400));
        // Ten queries of each of 40 users: units count the users once, requests every query.
        var repeated = await host.QueryEachAsync("ab-pinned", [.. Users(40).SelectMany(u => Enumerable.Repeat(u, 10))]);
        for (var i = 0; i < 300; i++)
        {
            await host.QueryAsync("ab-pinned", userId: null, pinned: "current");
        }

        var report = await host.ReportAsync("ab-pinned", 400 + 400 + 300);
        var current = Arm(report, "current");
        Assert.Equal(answers.Count(a => a.Served == "current") + repeated.Count(a => a.Served == "current") + 300, (long)current["requests"]!);
        Assert.Equal(answers.Count(a => a.Served == "current") + 300, (long)current["units"]!);
        // 300 extra units on one arm of a 50/50 split of 400 users is a gross mismatch.
        Assert.True((bool)report["srm_alert"]!, report.ToJsonString());
    }

    [Fact]
    public async Task WeightChange_SplitsTheReportIntoSegments_NewestFirst_NeverPooled()
    {
        await using var host = await StartAsync();
        await host.CreateAsync("ab-ramp", 5000, 5000);
        var before = await host.QueryEachAsync("ab-ramp", Users(300));
        await ApiAssert.OkJsonAsync(await host.Server.PutJsonAsync("/api/2.0/serving-endpoints/ab-ramp/config", Config(8000, 2000)));
        await Infrastructure.MissionScenario.WaitForUpdateAsync(host.Server, "ab-ramp");
        var after = await host.QueryEachAsync("ab-ramp", Users(300));

        var report = await host.ReportAsync("ab-ramp", 600);
        Assert.Equal(2, (long)report["config_version"]!);
        var segments = report["segments"]!.AsArray();
        Assert.Equal([2L, 1L], segments.Select(s => (long)s!["config_version"]!));
        Assert.Equal(0.8, (double)Arm(segments[0]!, "current")["expected_share"]!);
        Assert.Equal(0.5, (double)Arm(segments[1]!, "current")["expected_share"]!);
        Assert.Equal(after.Count(a => a.Served == "challenger"), (long)Arm(segments[0]!, "challenger")["requests"]!);
        Assert.Equal(before.Count(a => a.Served == "challenger"), (long)Arm(segments[1]!, "challenger")["requests"]!);
        // The top level is the current version's segment.
        Assert.Equal(segments[0]!["arms"]!.ToJsonString(), report["arms"]!.ToJsonString());
        Assert.Equal((double?)segments[0]!["srm_p_value"], (double?)report["srm_p_value"]);

        // A window that ends before the change holds only version 1; the current version's arms are then empty.
        var cut = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds();
        var empty = await host.ReportAsync("ab-ramp", 0, $"end_time_ms={cut}");
        Assert.Empty(empty["segments"]!.AsArray());
        Assert.All(empty["arms"]!.AsArray(), a => Assert.Equal(0, (long)a!["requests"]!));
        Assert.Null(empty["srm_p_value"]);

        // control names the arm the others are compared with.
        var flipped = await host.ReportAsync("ab-ramp", 600, "control=challenger");
        Assert.Equal("challenger", (string?)flipped["control"]);
    }

    [Fact]
    public async Task StartUp_OnADatabaseFromBeforeTheColumns_AddsThem_OldRowsAreLeftOutOfTheReadout()
    {
        await using var host = await StartAsync();
        await host.CreateAsync("ab-old", 5000, 5000);
        await host.QueryEachAsync("ab-old", Users(20));
        await host.ReportAsync("ab-old", 20);

        // The file as the release before the readout left it: endpoint_usage without the two columns
        // (and no schema_versions, which came later still).
        await host.Server.RestartAsync(() =>
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
                $"Data Source={Path.Combine(host.Server.DataDir, "switchyard.db")};Pooling=False");
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "ALTER TABLE endpoint_usage DROP COLUMN config_version; ALTER TABLE endpoint_usage DROP COLUMN unit_key; DROP TABLE schema_versions;";
            drop.ExecuteNonQuery();
        });
        await Infrastructure.MissionScenario.WaitForUpdateAsync(host.Server, "ab-old");

        // The old rows carry no config version, so no segment takes them; the usage route still shows them.
        var answers = await host.QueryEachAsync("ab-old", Users(30, "later-"));
        var report = await host.ReportAsync("ab-old", 30);
        Assert.Equal(answers.Count(a => a.Served == "current"), (long)Arm(report, "current")["units"]!);
        var usage = await host.Server.GetOkJsonAsync("/api/2.0/serving-endpoints/ab-old/usage");
        Assert.Equal(50, usage["usage"]!.AsArray().Count);
    }

    [Fact]
    public async Task AVersionWithTrafficSegments_HasNoExpectedSharesAndNoSrm()
    {
        await using var host = await StartAsync();
        var body = CreateBody("ab-segments", 5000, 5000);
        // Every query of the beta cohort goes to the challenger: the default 50/50 says nothing of them.
        body["config"]!["traffic_config"]!["segments"] = JsonNode.Parse("""
            [{"name": "beta", "match": {"header": "x-user-id", "values": ["beta-1", "beta-2"]},
              "routes": [{"served_entity_name": "challenger", "traffic_percentage": 100}]}]
            """);
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", body));
        await Infrastructure.MissionScenario.WaitForUpdateAsync(host.Server, "ab-segments");
        await host.QueryEachAsync("ab-segments", [.. Users(100), .. Enumerable.Repeat("beta-1", 50)]);

        var report = await host.ReportAsync("ab-segments", 150);
        Assert.All(report["arms"]!.AsArray(), a => Assert.Null(a!["expected_share"]));
        Assert.Null(report["srm_p_value"]);
        Assert.False((bool)report["srm_alert"]!);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
