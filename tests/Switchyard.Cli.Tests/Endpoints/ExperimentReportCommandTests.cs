using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Endpoints;

/// <summary><c>serving-endpoints experiment-report</c> against a real server with captured queries and feedback.</summary>
public sealed class ExperimentReportCommandTests : CliAgainstServer
{
    private const string CreateBody = """
        {"name": "ab",
         "config": {
           "served_entities": [
             {"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false},
             {"name": "challenger", "entity_name": "catalog.schema.model-B", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false}],
           "traffic_config": {"sticky": {"header": "x-user-id", "salt": "cli"},
                              "routes": [{"served_model_name": "current", "traffic_percentage": 50},
                                         {"served_model_name": "challenger", "traffic_percentage": 50}]}},
         "ai_gateway": {"usage_tracking_config": {"enabled": true}}}
        """;

    [Fact]
    public async Task Report_JsonIsTheApisAnswer_TextShowsArmsAndMetrics_BadSinceIsAUsageError()
    {
        await Server.RegisterSampleModelsAsync();
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/serving-endpoints", CreateBody));
        await Server.WaitUntilReadyAsync("ab");
        await QueryAsync(0, 40);
        var api = await ReportWithAsync(40);

        var json = await Cli.RunAsync("serving-endpoints", "experiment-report", "ab", "--output", "json");
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(api, json.Out.TrimEnd());

        var text = await Cli.RunAsync("serving-endpoints", "experiment-report", "ab", "--since", "1h", "--control", "challenger");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("control:", text.Out, StringComparison.Ordinal);
        Assert.Contains("challenger", text.Out, StringComparison.Ordinal);
        Assert.Contains("SRM p-value:", text.Out, StringComparison.Ordinal);
        Assert.Contains("ARM", text.Out, StringComparison.Ordinal);
        Assert.Contains("clicked", text.Out, StringComparison.Ordinal);
        Assert.Contains("50%", text.Out, StringComparison.Ordinal);

        // After a weight change the text shows the new version first, then the earlier one.
        var config = JsonNode.Parse(CreateBody)!["config"]!.AsObject();
        config["traffic_config"]!["routes"]![0]!["traffic_percentage"] = 80;
        config["traffic_config"]!["routes"]![1]!["traffic_percentage"] = 20;
        await ApiAssert.OkJsonAsync(await Server.PutJsonAsync("/api/2.0/serving-endpoints/ab/config", config.ToJsonString()));
        await Server.WaitUntilReadyAsync("ab");
        await QueryAsync(40, 10);
        await ReportWithAsync(50);
        var split = await Cli.RunAsync("serving-endpoints", "experiment-report", "ab");
        Assert.Contains("config_version: 2", split.Out, StringComparison.Ordinal);
        Assert.Contains("Earlier config version 1 (control current):", split.Out, StringComparison.Ordinal);
        Assert.Contains("80%", split.Out, StringComparison.Ordinal);

        var badSince = await Cli.RunAsync("serving-endpoints", "experiment-report", "ab", "--since", "soon");
        Assert.Equal(2, badSince.ExitCode);
        Assert.Contains("--since", badSince.Error, StringComparison.Ordinal);
        var badControl = await Cli.RunAsync("serving-endpoints", "experiment-report", "ab", "--control", "nobody");
        Assert.Equal(2, badControl.ExitCode);
        Assert.Contains("control", badControl.Error, StringComparison.Ordinal);
    }

    /// <summary>Queries as users first..first+count-1, each with a clicked feedback.</summary>
    private async Task QueryAsync(int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/serving-endpoints/ab/invocations")
            {
                Content = new StringContent(Scenario.QueryBody, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-user-id", $"user-{i}");
            using var response = await Server.Client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode);
            var id = response.Headers.GetValues("x-request-id").Single();
            await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/serving-endpoints/ab/feedback",
                new JsonObject { ["request_id"] = id, ["metric"] = "clicked", ["value"] = i % 3 == 0 }));
        }
    }

    /// <summary>The report once its segments hold <paramref name="requests"/> queries: the usage log writes in the background.</summary>
    private async Task<string> ReportWithAsync(long requests)
    {
        string api;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(100);
            api = await Server.Client.GetStringAsync("/api/2.0/serving-endpoints/ab/experiment-report");
        }
        while (JsonNode.Parse(api)!["segments"]!.AsArray().Sum(s => s!["arms"]!.AsArray().Sum(a => (long)a!["requests"]!)) < requests
            && DateTime.UtcNow < deadline);
        return api;
    }
}
