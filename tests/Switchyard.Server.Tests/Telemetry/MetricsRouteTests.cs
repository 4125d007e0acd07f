using System.Globalization;
using System.Text;
using Switchyard.Server.Tests.ExternalModels;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Telemetry;

/// <summary>
/// <c>GET /metrics</c> answers the Prometheus text without a token, and counts the data plane's
/// queries per endpoint and served entity: requests, the duration histogram, errors by code.
/// The meter is the process's one, so the endpoint's name is this test's own.
/// </summary>
public sealed class MetricsRouteTests
{
    [Fact]
    public async Task Metrics_CountQueriesDurationsAndErrors_PerEndpointAndServedEntity_WithoutAToken()
    {
        var name = $"metered-{Guid.NewGuid():N}"[..20];
        await using var server = await ServerUnderTest.StartAsync();
        await server.RegisterSampleModelsAsync();
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", $$$"""
            {"name": "{{{name}}}", "config": {"served_entities": [{"entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false}]}}
            """));
        await server.WaitUntilReadyAsync(name);

        for (var i = 0; i < 3; i++)
        {
            await ApiAssert.OkJsonAsync(await server.Client.PostAsync($"/serving-endpoints/{name}/invocations",
                new StringContent(MissionScenario.QueryBody, Encoding.UTF8, "application/json")));
        }

        await ApiAssert.ErrorAsync(await server.Client.PostAsync($"/serving-endpoints/{name}/invocations",
            new StringContent("{\"not\": \"a model input\"}", Encoding.UTF8, "application/json")), 400, "BAD_REQUEST");

        var labels = $"endpoint=\"{name}\"";
        var text = await ScrapeUntilAsync(server, "switchyard_requests_total", labels, 4);
        Assert.Equal(4, Value(text, "switchyard_requests_total", labels, "served_entity=\"model-A-1\""));
        Assert.Equal(4, Value(text, "switchyard_request_duration_seconds_count", labels, "served_entity=\"model-A-1\""));
        Assert.Contains(text.Split('\n'), line => line.StartsWith("switchyard_request_duration_seconds_bucket{", StringComparison.Ordinal)
            && line.Contains(labels, StringComparison.Ordinal) && line.Contains("le=\"+Inf\"", StringComparison.Ordinal));
        Assert.Equal(1, Value(text, "switchyard_errors_total", labels, "error_code=\"BAD_REQUEST\"", "http_response_status_code=\"400\""));
        // The gauges name the endpoint's entity, idle now.
        Assert.Equal(0, Value(text, "switchyard_queue_depth", labels, "served_entity=\"model-A-1\""));
        Assert.DoesNotContain(ServerUnderTest.AdminToken, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountTheTokensOfAnExternalModelQuery_ByPromptAndCompletion()
    {
        var name = $"tokens-{Guid.NewGuid():N}"[..20];
        await using var host = await ExternalModelHost.StartAsync();
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints", $$$$"""
            {"name": "{{{{name}}}}", "config": {"served_entities": [{"name": "gpt", "external_model": {"name": "gpt-4", "provider": "openai", "task": "llm/v1/chat",
                "openai_config": {"openai_api_key": "{{secrets/my_openai_secret_scope/openai_api_key}}"}}}]}}
            """));
        await host.Server.WaitUntilReadyAsync(name);

        var answer = await ApiAssert.OkJsonAsync(await host.Server.Client.PostAsync($"/serving-endpoints/{name}/invocations",
            new StringContent(ExternalModelHost.ChatQuery, Encoding.UTF8, "application/json")));
        var (prompt, completion) = ((int)answer["usage"]!["prompt_tokens"]!, (int)answer["usage"]!["completion_tokens"]!);
        Assert.True(prompt > 0 && completion > 0, answer.ToJsonString());

        var labels = $"endpoint=\"{name}\"";
        var text = await ScrapeUntilAsync(host.Server, "switchyard_requests_total", labels, 1);
        Assert.Equal(prompt, Value(text, "switchyard_tokens_total", labels, "served_entity=\"gpt\"", "token_type=\"prompt\""));
        Assert.Equal(completion, Value(text, "switchyard_tokens_total", labels, "served_entity=\"gpt\"", "token_type=\"completion\""));
        Assert.DoesNotContain(host.OpenAi.ApiKey, text, StringComparison.Ordinal);
    }

    /// <summary>Scrapes without a token until the metric's value reaches <paramref name="expected"/> (the count lands just after the answer); fails after 10 s.</summary>
    private static async Task<string> ScrapeUntilAsync(ServerUnderTest server, string metric, string labels, double expected)
    {
        var anonymous = server.AnonymousClient();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var scrape = await anonymous.GetAsync("/metrics");
            Assert.Equal(200, (int)scrape.StatusCode);
            var text = await scrape.Content.ReadAsStringAsync();
            if (TryValue(text, metric, [labels]) is { } value && value >= expected)
            {
                return text;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{metric}{{{labels}}} never reached {expected}:\n{text}");
            await Task.Delay(200);
        }
    }

    private static double Value(string text, string metric, params string[] labels) =>
        TryValue(text, metric, labels) ?? throw new Xunit.Sdk.XunitException($"no sample {metric} with {string.Join(", ", labels)} in:\n{text}");

    /// <summary>The value of the one sample of <paramref name="metric"/> carrying every label given, or null.</summary>
    private static double? TryValue(string text, string metric, string[] labels)
    {
        var samples = text.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .ToList();
        if (samples.Count == 0)
        {
            return null;
        }

        var sample = Assert.Single(samples);
        var afterLabels = sample[(sample.LastIndexOf('}') + 1)..].Trim().Split(' ');
        return double.Parse(afterLabels[0], CultureInfo.InvariantCulture);
    }
}
