using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>
/// The readout tests' server: the mission's two sample models behind sticky endpoints that track
/// usage, queries keyed by user id (answering their request id and arm), feedback, and the report
/// read once the usage log has written every query.
/// </summary>
public sealed class ReadoutHost(ServerUnderTest server) : IAsyncDisposable
{
    public const string Salt = "readout-salt";

    public ServerUnderTest Server => server;

    public static async Task<ReadoutHost> StartAsync()
    {
        var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        return new ReadoutHost(server);
    }

    /// <summary>A sticky (x-user-id) endpoint with current and challenger at the given basis points, tracking usage unless told not to.</summary>
    public static JsonObject CreateBody(string name, int current, int challenger, bool usage = true)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["config"] = Config(current, challenger),
        };
        if (usage)
        {
            body["ai_gateway"] = new JsonObject { ["usage_tracking_config"] = new JsonObject { ["enabled"] = true } };
        }

        return body;
    }

    public static JsonObject Config(int current, int challenger) => new()
    {
        ["served_entities"] = new JsonArray(Entity("current", MissionScenario.ModelA), Entity("challenger", MissionScenario.ModelB)),
        ["traffic_config"] = new JsonObject
        {
            ["sticky"] = new JsonObject { ["header"] = "x-user-id", ["salt"] = Salt },
            ["routes"] = new JsonArray(
                new JsonObject { ["served_model_name"] = "current", ["traffic_basis_points"] = current },
                new JsonObject { ["served_model_name"] = "challenger", ["traffic_basis_points"] = challenger }),
        },
    };

    private static JsonObject Entity(string name, string model) => new()
    {
        ["name"] = name, ["entity_name"] = model, ["entity_version"] = "1", ["workload_size"] = "Small", ["scale_to_zero_enabled"] = false,
    };

    public async Task CreateAsync(string name, int current, int challenger, bool usage = true)
    {
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", CreateBody(name, current, challenger, usage)));
        await MissionScenario.WaitForUpdateAsync(server, name);
    }

    /// <summary>One query as <paramref name="userId"/> (none: a query of its own unit); <paramref name="pinned"/> names a served entity to send it to.</summary>
    public async Task<Answered> QueryAsync(string endpoint, string? userId, string? pinned = null)
    {
        var path = pinned is null ? $"/serving-endpoints/{endpoint}/invocations" : $"/serving-endpoints/{endpoint}/served-models/{pinned}/invocations";
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(MissionScenario.QueryBody, Encoding.UTF8, "application/json"),
        };
        if (userId is not null)
        {
            request.Headers.Add("x-user-id", userId);
        }

        using var response = await server.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return new Answered(userId, response.Headers.GetValues("x-request-id").Single(), response.Headers.GetValues("served-model-name").Single());
    }

    /// <summary>Queries as each user, four at a time (the entities' queues take that easily), answers in user order.</summary>
    public async Task<Answered[]> QueryEachAsync(string endpoint, IReadOnlyList<string> users)
    {
        var answers = new Answered[users.Count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < users.Count)
            {
                answers[i] = await QueryAsync(endpoint, users[i]);
            }
        }));
        return answers;
    }

    public Task<HttpResponseMessage> FeedbackAsync(string endpoint, JsonObject body) =>
        server.PostJsonAsync($"/serving-endpoints/{endpoint}/feedback", body);

    public async Task SendFeedbackAsync(string endpoint, IReadOnlyList<(string RequestId, string Metric, JsonNode Value)> values)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < values.Count)
            {
                var (id, metric, value) = values[i];
                var answer = await ApiAssert.OkJsonAsync(await FeedbackAsync(endpoint,
                    new JsonObject { ["request_id"] = id, ["metric"] = metric, ["value"] = value.DeepClone() }));
                Assert.Empty(answer);
            }
        }));
    }

    public static string ReportPath(string endpoint, string query = "") =>
        $"/api/2.0/serving-endpoints/{endpoint}/experiment-report{(query.Length == 0 ? "" : "?" + query)}";

    /// <summary>Reads the report (as text) once its segments hold <paramref name="requests"/> queries: the usage log writes in the background.</summary>
    public async Task<string> ReportTextAsync(string endpoint, int requests, string query = "")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await server.Client.GetAsync(ReportPath(endpoint, query));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            var seen = JsonNode.Parse(text)!["segments"]!.AsArray().Sum(s => s!["arms"]!.AsArray().Sum(a => (long)a!["requests"]!));
            if (seen >= requests || DateTime.UtcNow > deadline)
            {
                Assert.Equal(requests, seen);
                return text;
            }

            await Task.Delay(100);
        }
    }

    public async Task<JsonObject> ReportAsync(string endpoint, int requests, string query = "") =>
        JsonNode.Parse(await ReportTextAsync(endpoint, requests, query))!.AsObject();

    public static JsonObject Arm(JsonNode segment, string name) =>
        segment["arms"]!.AsArray().Single(a => (string)a!["served_entity_name"]! == name)!.AsObject();

    public static JsonObject Metric(JsonNode segment, string arm, string metric) =>
        Arm(segment, arm)["metrics"]!.AsArray().Single(m => (string)m!["metric"]! == metric)!.AsObject();

    public static string[] Users(int count, string prefix = "user-") =>
        [.. Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture))];

    public ValueTask DisposeAsync() => server.DisposeAsync();
}

/// <summary>A query as the caller saw it: who sent it, its request id and the arm that answered.</summary>
public sealed record Answered(string? UserId, string RequestId, string Served);
