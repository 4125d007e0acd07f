using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Testing;
using Switchyard.Testing.Hosting;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Replicas;

/// <summary>
/// Three server processes on one real PostgreSQL database behind a real HAProxy, as the operations
/// guide lays them out: one shared data folder (the model store), each replica on its own port.
/// A test may instead give each replica a data folder of its own (<c>sharedDataDir: false</c>), to
/// take a model's files away from one of them.
/// </summary>
public sealed class ReplicaCluster : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _root;

    private ReplicaCluster(string connectionString, string root, IReadOnlyList<ReplicaProcess> replicas, HaproxyBalancer balancer)
    {
        _connectionString = connectionString;
        _root = root;
        Replicas = replicas;
        Balancer = balancer;
    }

    public IReadOnlyList<ReplicaProcess> Replicas { get; }

    /// <summary>The <c>--database</c> every replica was given (its own login role).</summary>
    public string ConnectionString => _connectionString;

    public HaproxyBalancer Balancer { get; }

    public string Root => _root;

    public static async Task<ReplicaCluster> StartAsync(int count = 3, bool sharedDataDir = true, params string[] extraArgs)
    {
        var connectionString = await PostgresCluster.Instance.CreateOwnedDatabaseAsync("cluster");
        var root = Directory.CreateTempSubdirectory("switchyard-cluster-").FullName;
        var replicas = new List<ReplicaProcess>();
        for (var i = 1; i <= count; i++)
        {
            var dataDir = sharedDataDir ? Path.Combine(root, "shared") : Path.Combine(root, $"r{i}");
            replicas.Add(new ReplicaProcess($"r{i}", ServiceProcess.FreePort(), ["--database", connectionString, "--data-dir", dataDir, .. extraArgs]));
        }

        // The first replica creates the schema and the admin; the others then start together.
        await replicas[0].StartAsync();
        await Task.WhenAll(replicas.Skip(1).Select(r => r.StartAsync()));
        var balancer = HaproxyBalancer.Start(Switchyard.Server.Hosting.HealthRoutes.Ready, replicas.Select(r => r.Port));
        return new ReplicaCluster(connectionString, root, replicas, balancer);
    }

    /// <summary>Registers a model version from <paramref name="source"/> through <paramref name="replica"/> and answers its number.</summary>
    public static async Task<int> RegisterAsync(ReplicaProcess replica, string fullName, string source)
    {
        var parts = fullName.Split('.');
        await replica.Client.PostAsJsonAsync("/api/2.1/unity-catalog/models",
            new JsonObject { ["catalog_name"] = parts[0], ["schema_name"] = parts[1], ["name"] = parts[2] });
        var version = await ApiAssert.OkJsonAsync(await replica.Client.PostAsJsonAsync($"/api/2.1/unity-catalog/models/{fullName}/versions",
            new JsonObject { ["source"] = source }));
        return (int)version["version"]!;
    }

    public static string Config(string model, int version) => $$"""
        {"served_entities": [{"name": "main", "entity_name": "{{model}}", "entity_version": "{{version}}", "workload_size": "Small", "scale_to_zero_enabled": false}]}
        """;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The sample query; model-a answers 30.5, model-b a probability.</summary>
    public static StringContent Query() => Json("""{"dataframe_split": {"columns": ["x1","x2","x3","x4"], "data": [[1,2,3,4]]}}""");

    /// <summary>Queries <paramref name="name"/> through <paramref name="client"/> and answers the first prediction, or null for a non-200 answer.</summary>
    public static async Task<double?> PredictAsync(HttpClient client, string name, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/serving-endpoints/{name}/invocations") { Content = Query() };
        request.Headers.Authorization = new("Bearer", token ?? ServerUnderTest.AdminToken);
        using var answer = await client.SendAsync(request);
        if (!answer.IsSuccessStatusCode)
        {
            return null;
        }

        return Infrastructure.MissionScenario.PredictionOf(JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>Polls <paramref name="replica"/>'s endpoint until its update state is <paramref name="state"/>, and answers the endpoint.</summary>
    public static async Task<JsonObject> WaitForUpdateStateAsync(ReplicaProcess replica, string name, string state, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var endpoint = await ApiAssert.OkJsonAsync(await replica.Client.GetAsync($"/api/2.0/serving-endpoints/{name}"));
            if ((string?)endpoint["state"]?["config_update"] == state)
            {
                return endpoint;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{replica.Name}: {name} not {state} in time: {endpoint.ToJsonString()}");
            await Task.Delay(5);
        }
    }

    /// <summary>Where each replica's output goes when the cluster stops (the test's output, for failures).</summary>
    public Action<string>? Report { get; set; }

    public async ValueTask DisposeAsync()
    {
        Balancer.Dispose();
        foreach (var replica in Replicas)
        {
            Report?.Invoke($"--- {replica.Name} ---\n{replica.Output}");
        }

        await Task.WhenAll(Replicas.Select(r => r.DisposeAsync().AsTask()));
        await PostgresCluster.Instance.DropDatabaseAsync(_connectionString);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
