using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Secrets;

/// <summary>
/// Secret references in endpoint configs: checked against the creator's rights when the config
/// is read, echoed as written, and never turned into their value in any answer or log line.
/// </summary>
public sealed class SecretReferenceTests
{
    private const string Reference = "{{secrets/team/feature_key}}";

    private static JsonObject Config(string envValue) => new()
    {
        ["served_entities"] = new JsonArray(new JsonObject
        {
            ["name"] = "current",
            ["entity_name"] = MissionScenario.ModelA,
            ["entity_version"] = "1",
            ["workload_size"] = "Small",
            ["environment_vars"] = new JsonObject { ["FEATURE_KEY"] = envValue },
        }),
    };

    private static string CreateBody(string name, string envValue) =>
        new JsonObject { ["name"] = name, ["config"] = Config(envValue) }.ToJsonString();

    [Fact]
    public async Task ConfigReference_EchoedAsWritten_ValueInNoAnswerOrLogOfAnyRoute()
    {
        var value = $"feature-{Guid.NewGuid():N}";
        var log = new RecordingLoggerProvider();
        await using var server = await ServerUnderTest.StartAsync(
            services => services.AddSingleton<ILoggerProvider>(log), "--Logging:LogLevel:Default=Trace");
        await MissionScenario.RegisterSamplesAsync(server);
        var bodies = new List<string>();
        async Task<HttpResponseMessage> Keep(Task<HttpResponseMessage> call)
        {
            var response = await call;
            bodies.Add(await response.Content.ReadAsStringAsync());
            return response;
        }

        await ApiAssert.OkJsonAsync(await Keep(server.PostJsonAsync("/api/2.0/secrets/scopes/create", """{"scope": "team"}""")));
        await ApiAssert.OkJsonAsync(await Keep(server.PostJsonAsync("/api/2.0/secrets/put", new JsonObject { ["scope"] = "team", ["key"] = "feature_key", ["string_value"] = value }.ToJsonString())));

        var created = await ApiAssert.OkJsonAsync(await Keep(server.PostJsonAsync("/api/2.0/serving-endpoints", CreateBody("keyed", Reference))));
        Assert.Equal(Reference, (string?)created["config"]!["served_entities"]![0]!["environment_vars"]!["FEATURE_KEY"]);
        await MissionScenario.WaitForUpdateAsync(server, "keyed");
        var id = (string)created["id"]!;
        await Keep(server.Client.GetAsync("/api/2.0/serving-endpoints/keyed"));
        await Keep(server.Client.GetAsync("/api/2.0/serving-endpoints"));
        await Keep(server.Client.GetAsync($"/api/2.0/permissions/serving-endpoints/{id}"));
        await Keep(server.PostJsonAsync("/serving-endpoints/keyed/invocations", MissionScenario.QueryBody));
        await Keep(server.PostJsonAsync("/serving-endpoints/keyed/invocations", "{\"inputs\": \"" + value + "\"}"));
        await Keep(server.PutJsonAsync("/api/2.0/serving-endpoints/keyed/config", Config("{{secrets/team/missing}}").ToJsonString()));
        await Keep(server.Client.GetAsync("/api/2.0/secrets/list?scope=team"));
        await Keep(server.Client.GetAsync("/api/2.0/secrets/get?scope=team&key=feature_key"));
        await server.RestartAsync();
        await Keep(server.Client.GetAsync("/api/2.0/serving-endpoints/keyed"));

        Assert.All(bodies, body => Assert.DoesNotContain(value, body, StringComparison.Ordinal));
        Assert.NotEmpty(log.Lines);
        Assert.All(log.Lines, line => Assert.DoesNotContain(value, line, StringComparison.Ordinal));
        var database = await File.ReadAllBytesAsync(Path.Combine(server.DataDir, "switchyard.db"));
        Assert.True(database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) < 0, "the database holds the value in the clear");
    }

    [Theory]
    [InlineData("{{secrets/team/missing}}", "{{secrets/team/missing}} does not exist")]
    [InlineData("{{secrets/nowhere/feature_key}}", "there is no secret scope 'nowhere'")]
    [InlineData("{{secrets/team}}", "not a valid secret reference")]
    public async Task ConfigReference_MissingOrMalformed_Is400NamingItAndCreatesNothing(string envValue, string expected)
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/secrets/scopes/create", """{"scope": "team"}"""));
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/secrets/put", """{"scope": "team", "key": "feature_key", "string_value": "v"}"""));

        var message = await ApiAssert.ErrorAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", CreateBody("keyed", envValue)), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("environment_vars.FEATURE_KEY", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/keyed"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task ConfigReference_CreatorWithoutRead_IsRefusedUntilGranted()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        var (_, token) = await server.CreateUserWithTokenAsync("dev@example.com");
        var dev = server.ClientFor(token);
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"/api/2.1/unity-catalog/permissions/function/{MissionScenario.ModelA}",
            """{"changes": [{"principal": "dev@example.com", "add": ["EXECUTE"]}]}"""));
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/secrets/scopes/create", """{"scope": "team"}"""));
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/secrets/put", """{"scope": "team", "key": "feature_key", "string_value": "v"}"""));

        var refused = await dev.PostAsync("/api/2.0/serving-endpoints", new StringContent(CreateBody("keyed", Reference), Encoding.UTF8, "application/json"));
        var message = await ApiAssert.ErrorAsync(refused, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("may not read scope 'team'", message, StringComparison.Ordinal);

        // The secrets API itself: no right, no access.
        await ApiAssert.ErrorAsync(await dev.GetAsync("/api/2.0/secrets/list?scope=team"), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await dev.PostAsync("/api/2.0/secrets/put",
            new StringContent("""{"scope": "team", "key": "feature_key", "string_value": "overwritten"}""", Encoding.UTF8, "application/json")), 403, "PERMISSION_DENIED");

        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/secrets/acls/put", """{"scope": "team", "principal": "dev@example.com", "permission": "READ"}"""));
        await ApiAssert.OkJsonAsync(await dev.GetAsync("/api/2.0/secrets/list?scope=team"));
        await ApiAssert.ErrorAsync(await dev.PostAsync("/api/2.0/secrets/put",
            new StringContent("""{"scope": "team", "key": "feature_key", "string_value": "overwritten"}""", Encoding.UTF8, "application/json")), 403, "PERMISSION_DENIED");
        await ApiAssert.OkJsonAsync(await dev.PostAsync("/api/2.0/serving-endpoints", new StringContent(CreateBody("keyed", Reference), Encoding.UTF8, "application/json")));
    }
}
