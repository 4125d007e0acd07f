using System.Text.Json.Nodes;
using static Switchyard.Server.Tests.Experiments.ReadoutHost;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>Feedback and report requests the server refuses, each naming the field, and who may send them.</summary>
public sealed class ReadoutValidationTests
{
    public static TheoryData<string, string> BadFeedback => new()
    {
        { """{"metric": "clicked", "value": 1}""", "request_id" },
        { """{"request_id": "", "metric": "clicked", "value": 1}""", "request_id" },
        { $$"""{"request_id": "{{new string('r', 129)}}", "metric": "clicked", "value": 1}""", "request_id" },
        { """{"request_id": 7, "metric": "clicked", "value": 1}""", "request_id" },
        { """{"request_id": "r1", "value": 1}""", "metric" },
        { """{"request_id": "r1", "metric": "has space", "value": 1}""", "metric" },
        { $$"""{"request_id": "r1", "metric": "{{new string('m', 65)}}", "value": 1}""", "metric" },
        { """{"request_id": "r1", "metric": "clicked"}""", "value" },
        { """{"request_id": "r1", "metric": "clicked", "value": "1"}""", "value" },
        { """{"request_id": "r1", "metric": "clicked", "value": null}""", "value" },
        { """{"request_id": "r1", "metric": "clicked", "value": [1]}""", "value" },
        { """{"request_id": "r1", "metric": "clicked", "value": 1e999}""", "value" },
        { """{"request_id": "r1", "metric": "clicked", "value": 1, "weight": 2}""", "weight" },
    };

    [Theory]
    [MemberData(nameof(BadFeedback))]
    public async Task Feedback_BadField_Is400NamingIt(string body, string field)
    {
        await using var host = await StartAsync();
        await host.CreateAsync("ab", 5000, 5000);
        var message = await ApiAssert.ErrorAsync(
            await host.Server.PostJsonAsync("/serving-endpoints/ab/feedback", body), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_AcceptsEdgeValues_UnknownEndpointIs404_CallerWithoutCanQueryIs403()
    {
        await using var host = await StartAsync();
        await host.CreateAsync("ab", 5000, 5000);
        foreach (var value in new JsonNode?[] { JsonValue.Create(true), JsonValue.Create(false), JsonValue.Create(-2.5), JsonValue.Create(0) })
        {
            var body = new JsonObject { ["request_id"] = new string('r', 128), ["metric"] = "a.B_c-9", ["value"] = value };
            Assert.Empty(await ApiAssert.OkJsonAsync(await host.FeedbackAsync("ab", body)));
        }

        var ok = new JsonObject { ["request_id"] = "r1", ["metric"] = "clicked", ["value"] = 1 };
        await ApiAssert.ErrorAsync(await host.FeedbackAsync("nope", ok), 404, "RESOURCE_DOES_NOT_EXIST");
        var (_, token) = await host.Server.CreateUserWithTokenAsync("eve@example.com");
        using var eve = host.Server.ClientFor(token);
        using var denied = await eve.PostAsync("/serving-endpoints/ab/feedback",
            new StringContent(ok.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        await ApiAssert.ErrorAsync(denied, 403, "PERMISSION_DENIED");
        using var deniedReport = await eve.GetAsync(ReportPath("ab"));
        await ApiAssert.ErrorAsync(deniedReport, 403, "PERMISSION_DENIED");
    }

    [Theory]
    [InlineData("start_time_ms=abc", "start_time_ms")]
    [InlineData("end_time_ms=-5", "end_time_ms")]
    [InlineData("start_time_ms=2000&end_time_ms=2000", "end_time_ms")]
    [InlineData("control=nobody", "control")]
    public async Task Report_BadParameter_Is400NamingIt(string query, string field)
    {
        await using var host = await StartAsync();
        await host.CreateAsync("ab", 5000, 5000);
        var message = await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync(ReportPath("ab", query)), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_WithoutUsageTracking_Is400SayingWhatItNeeds_UnknownEndpointIs404()
    {
        await using var host = await StartAsync();
        await host.CreateAsync("untracked", 5000, 5000, usage: false);
        var message = await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync(ReportPath("untracked")), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("usage_tracking_config", message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await host.Server.Client.GetAsync(ReportPath("nope")), 404, "RESOURCE_DOES_NOT_EXIST");
    }
}
