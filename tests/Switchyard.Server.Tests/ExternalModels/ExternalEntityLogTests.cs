using Switchyard.Server.Tests.Endpoints;

namespace Switchyard.Server.Tests.ExternalModels;

/// <summary>The logs of external-model entities: where keys come from (never the keys), and provider failures.</summary>
public sealed class ExternalEntityLogTests
{
    private const string Served = "served_model_name_1";

    [Fact]
    public async Task BuildLogs_NameTheKeysSecretReference_NeverTheKey()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();

        var logs = await ServedEntityLogTests.LogsAsync(host.Server, "mix-chat-endpoint", Served, "build-logs");

        Assert.Contains("from provider openai", logs, StringComparison.Ordinal);
        Assert.Contains("openai_config.openai_api_key: resolving secret {{secrets/my_openai_secret_scope/openai_api_key}}", logs, StringComparison.Ordinal);
        Assert.Contains("Provider keys resolved", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(host.OpenAi.ApiKey, logs, StringComparison.Ordinal);
        ServedEntityLogTests.AssertTimestamped(logs);
    }

    [Fact]
    public async Task Logs_ShowProviderFailures_And429sCounted_WithoutTheKey()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();
        const string path = $"/serving-endpoints/mix-chat-endpoint/served-models/{Served}/invocations";
        host.OpenAi.FailNext(500, "The server had an error while processing your request.");
        await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync(path, ExternalModelHost.ChatQuery), 502, "TEMPORARILY_UNAVAILABLE");
        host.OpenAi.FailNext(429, "Rate limit reached for gpt-4.", TimeSpan.FromSeconds(1));
        await ApiAssert.ErrorAsync(await host.Server.PostJsonAsync(path, ExternalModelHost.ChatQuery), 429, "REQUEST_LIMIT_EXCEEDED");

        var logs = await ServedEntityLogTests.LogsAsync(host.Server, "mix-chat-endpoint", Served, "logs");

        Assert.Contains("Provider openai answered HTTP 500: The server had an error while processing your request.", logs, StringComparison.Ordinal);
        Assert.Contains("1 × 429 from the external provider", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(host.OpenAi.ApiKey, logs, StringComparison.Ordinal);
        ServedEntityLogTests.AssertTimestamped(logs);
    }
}
