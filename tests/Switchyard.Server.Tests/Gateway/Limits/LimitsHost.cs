using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchyard.Providers;
using Switchyard.Testing.Providers;

namespace Switchyard.Server.Tests.Gateway.Limits;

/// <summary>One caller of the tests: their name (user name, or a service principal's application id) and token.</summary>
public sealed record LimitsCaller(string Name, string Token);

/// <summary>
/// The server on a fake clock with <see cref="EchoProvider"/> (whose answers report usage: one
/// prompt token per message, one completion token), and the callers the limits are tested on:
/// users alice and bob in group analysts, alice also in writers, carol in no group, and the
/// service principal robot in writers. Each test makes its own endpoints, so counts never mix.
/// </summary>
public sealed class LimitsHost : IAsyncLifetime
{
    private readonly Dictionary<string, HttpClient> _clients = [];

    /// <summary>A query of one user message: the echo answers it with usage 1 + 1 = 2 tokens.</summary>
    public const string Chat = """{"messages": [{"role": "user", "content": "ping"}]}""";

    public const int TokensPerEcho = 2;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-03-10T12:00:00Z", CultureInfo.InvariantCulture));

    public ServerUnderTest Server { get; private set; } = null!;

    public LimitsCaller Alice { get; private set; } = null!;

    public LimitsCaller Bob { get; private set; } = null!;

    public LimitsCaller Carol { get; private set; } = null!;

    public LimitsCaller Robot { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerUnderTest.StartAsync(services => services.AddExternalProvider<EchoProvider>().AddSingleton<TimeProvider>(Clock));
        var (aliceId, aliceToken) = await Server.CreateUserWithTokenAsync("alice@example.com");
        var (bobId, bobToken) = await Server.CreateUserWithTokenAsync("bob@example.com");
        var (_, carolToken) = await Server.CreateUserWithTokenAsync("carol@example.com");
        var (robotId, robotApp, robotToken) = await Server.CreateServicePrincipalWithTokenAsync("robot");
        (Alice, Bob, Carol, Robot) = (new("alice@example.com", aliceToken), new("bob@example.com", bobToken),
            new("carol@example.com", carolToken), new(robotApp, robotToken));
        await CreateGroupAsync("analysts", aliceId, bobId);
        await CreateGroupAsync("writers", aliceId, robotId);
    }

    /// <summary>Creates an echo endpoint with <paramref name="gateway"/> as its ai_gateway, lets every test caller query it, and waits until it serves.</summary>
    public async Task<string> CreateEchoEndpointAsync(string name, string gateway)
    {
        var created = await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/serving-endpoints", $$$"""
            {"name": "{{{name}}}", "ai_gateway": {{{gateway}}}, "config": {"served_entities": [{"external_model": {
                "name": "echo-1", "provider": "echo", "task": "llm/v1/chat", "echo_config": {"greeting": "Hi"}}
            }]}}
            """));
        await GrantQueryAsync((string)created["id"]!);
        await Server.WaitUntilReadyAsync(name);
        return name;
    }

    /// <summary>Lets alice, bob, carol and robot query the endpoint (the admin manages it).</summary>
    public async Task GrantQueryAsync(string endpointId)
    {
        var acl = new JsonArray(
            Entry("user_name", Alice.Name), Entry("user_name", Bob.Name), Entry("user_name", Carol.Name), Entry("service_principal_name", Robot.Name));
        await ApiAssert.OkJsonAsync(await Server.Client.PutAsync($"/api/2.0/permissions/serving-endpoints/{endpointId}",
            new StringContent(new JsonObject { ["access_control_list"] = acl }.ToJsonString(), Encoding.UTF8, "application/json")));

        static JsonObject Entry(string kind, string name) => new() { [kind] = name, ["permission_level"] = "CAN_QUERY" };
    }

    public async Task PutGatewayAsync(string endpoint, string gateway) =>
        await ApiAssert.OkJsonAsync(await Server.PutJsonAsync($"/api/2.0/serving-endpoints/{endpoint}/ai-gateway", gateway));

    /// <summary>
    /// The caller's one client on this server: its queries go one after another on one connection,
    /// so a query starts only once the one before has settled its tokens (the server finishes a
    /// request before it reads the next on a connection).
    /// </summary>
    public HttpClient As(LimitsCaller caller)
    {
        if (!_clients.TryGetValue(caller.Token, out var client))
        {
            _clients[caller.Token] = client = Server.ClientFor(caller.Token);
        }

        return client;
    }

    /// <summary>Restarts the server on its data folder (the clients go with it).</summary>
    public async Task RestartAsync()
    {
        _clients.Clear();
        await Server.RestartAsync();
    }

    public Task<HttpResponseMessage> QueryAsync(LimitsCaller caller, string endpoint, string body = Chat) =>
        As(caller).PostAsync($"/serving-endpoints/{endpoint}/invocations", new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary>Queries <paramref name="times"/> times, each answered 200.</summary>
    public async Task QueryOkAsync(LimitsCaller caller, string endpoint, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            await ApiAssert.OkJsonAsync(await QueryAsync(caller, endpoint));
        }
    }

    /// <summary>Moves the clock to <paramref name="seconds"/> past the start of the next UTC minute.</summary>
    public void NextMinute(int seconds = 0)
    {
        var now = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromSeconds(60 - now.Second + seconds) - TimeSpan.FromMilliseconds(now.Millisecond));
    }

    /// <summary>The x-ratelimit-* headers of an answer: limit, remaining, reset.</summary>
    public static (long Limit, long Remaining, long Reset) RateHeaders(HttpResponseMessage response) =>
        (Header(response.Headers, "x-ratelimit-limit"), Header(response.Headers, "x-ratelimit-remaining"), Header(response.Headers, "x-ratelimit-reset"));

    public static long Header(HttpResponseHeaders headers, string name) =>
        long.Parse(Assert.Single(headers.GetValues(name)), CultureInfo.InvariantCulture);

    private async Task CreateGroupAsync(string name, params string[] memberIds)
    {
        var members = new JsonArray([.. memberIds.Select(id => (JsonNode)new JsonObject { ["value"] = id })]);
        await ApiAssert.OkJsonAsync(await Server.PostJsonAsync("/api/2.0/preview/scim/v2/Groups",
            new JsonObject { ["displayName"] = name, ["members"] = members }));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
