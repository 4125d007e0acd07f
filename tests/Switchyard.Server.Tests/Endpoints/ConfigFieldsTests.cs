using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>A config field the server does not act on is refused, not stored and ignored.</summary>
public sealed class ConfigFieldsTests
{
    [Fact]
    public async Task UnknownConfigOrTrafficField_Is400NamingIt_AndChangesNothing()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var created = MissionScenario.CreateBody.Replace("\"config\": {", "\"config\": {\"name\": \"multi-model\", ", StringComparison.Ordinal);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", created));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");

        (string Body, string Expected)[] cases =
        [
            (MissionScenario.UpdateTo5050.Replace("\"traffic_config\"", "\"config_version\": 7, \"traffic_config\"", StringComparison.Ordinal),
                "config.config_version is not a field of an endpoint config"),
            (MissionScenario.UpdateTo5050.Replace("\"routes\"", "\"mirror\": true, \"routes\"", StringComparison.Ordinal),
                "traffic_config.mirror is not a field of traffic_config"),
        ];
        foreach (var (body, expected) in cases)
        {
            var message = await ApiAssert.ErrorAsync(await server.PutJsonAsync("/api/2.0/serving-endpoints/multi-model/config", body), 400, "INVALID_PARAMETER_VALUE");
            Assert.Contains(expected, message, StringComparison.Ordinal);
        }

        var endpoint = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model"));
        Assert.Equal(1, (int)endpoint["config"]!["config_version"]!);
    }
}
