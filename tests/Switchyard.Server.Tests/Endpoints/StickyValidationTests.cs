using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary>traffic_config.sticky and traffic_basis_points refused with a 400 naming the field, nothing created.</summary>
public sealed class StickyValidationTests
{
    private static string Body(string routes, string? sticky = null) => MissionScenario.CreateBody[..MissionScenario.CreateBody.IndexOf("\"traffic_config\"", StringComparison.Ordinal)]
        + "\"traffic_config\": {" + (sticky is null ? "" : $"\"sticky\": {sticky}, ") + "\"routes\": " + routes + "}}}";

    private const string Percentages = """[{"served_model_name": "current", "traffic_percentage": 90}, {"served_model_name": "challenger", "traffic_percentage": 10}]""";

    [Theory]
    [InlineData("""{"header": "x user", "salt": "s"}""", "traffic_config.sticky.header")]
    [InlineData("""{"header": "", "salt": "s"}""", "traffic_config.sticky.header")]
    [InlineData("""{"salt": "s"}""", "traffic_config.sticky.header is required")]
    [InlineData("""{"header": 5, "salt": "s"}""", "traffic_config.sticky.header must be a string")]
    [InlineData("""{"header": "x-user-id", "salt": ""}""", "traffic_config.sticky.salt must be 1 to 256")]
    [InlineData("""{"header": "x-user-id"}""", "traffic_config.sticky.salt is required")]
    [InlineData("""{"header": "x-user-id", "salt": "SALT257"}""", "traffic_config.sticky.salt must be 1 to 256")]
    [InlineData("""{"header": "x-user-id", "salt": "s", "ttl": 5}""", "traffic_config.sticky.ttl")]
    [InlineData("\"x-user-id\"", "traffic_config.sticky must be a JSON object")]
    public async Task BadSticky_Is400NamingTheField(string sticky, string expected)
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var body = Body(Percentages, sticky.Replace("SALT257", new string('s', 257), StringComparison.Ordinal));
        var message = await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", body), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(expected, message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Theory]
    [InlineData("""[{"served_model_name": "current", "traffic_percentage": 90}, {"served_model_name": "challenger", "traffic_basis_points": 1000}]""",
        "traffic_config.routes[1].traffic_basis_points: all routes of a config give traffic_percentage, or all give traffic_basis_points")]
    [InlineData("""[{"served_model_name": "current", "traffic_basis_points": 9000}, {"served_model_name": "challenger", "traffic_basis_points": 999}]""",
        "traffic basis points must sum to 10000, got 9999")]
    [InlineData("""[{"served_model_name": "current", "traffic_basis_points": 10001}, {"served_model_name": "challenger", "traffic_basis_points": 0}]""",
        "traffic_config.routes[0].traffic_basis_points must be between 0 and 10000")]
    [InlineData("""[{"served_model_name": "current", "traffic_basis_points": 9000, "traffic_percentage": 90}, {"served_model_name": "challenger", "traffic_basis_points": 1000}]""",
        "traffic_config.routes[0].traffic_basis_points: give traffic_percentage or traffic_basis_points, not both")]
    [InlineData("""[{"served_model_name": "current", "traffic_basis_points": "ninety"}, {"served_model_name": "challenger", "traffic_basis_points": 1000}]""",
        "traffic_config.routes[0].traffic_basis_points")]
    public async Task BadBasisPoints_Is400NamingTheField(string routes, string expected)
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var message = await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", Body(routes)), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BasisPointsAsNumericStrings_AreAccepted()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var routes = """[{"served_model_name": "current", "traffic_basis_points": "9950"}, {"served_model_name": "challenger", "traffic_basis_points": 50}]""";
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", Body(routes, """{"header": "X-User-Id", "salt": "s"}""")));
    }
}
