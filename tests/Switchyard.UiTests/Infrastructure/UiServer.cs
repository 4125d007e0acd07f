using Switchyard.Testing;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Server.Hosting;

namespace Switchyard.UiTests.Infrastructure;

/// <summary>
/// The real server on a free loopback port with a temporary data folder and a fixed admin token,
/// plus an admin HTTP client for setting up and checking what the UI did.
/// </summary>
public sealed class UiServer : IAsyncDisposable
{
    /// <summary>The admin's token (fixed, so a failing run is easy to replay by hand).</summary>
    public const string AdminToken = "dapi00000000000000b2" + "0123456789abcdef0123456789abcdef";

    private readonly WebApplication _app;
    private readonly string _dataDir;

    private UiServer(WebApplication app, string dataDir, Uri baseAddress)
    {
        _app = app;
        _dataDir = dataDir;
        BaseAddress = baseAddress;
        Admin = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public Uri BaseAddress { get; }

    public HttpClient Admin { get; }

    public string DataDir => _dataDir;

    /// <summary>
    /// Starts the server; <paramref name="services"/> adds test services such as a runtime, and
    /// <paramref name="extraArgs"/> more command-line settings (the stand-in providers' base URLs).
    /// </summary>
    public static async Task<UiServer> StartAsync(Action<IServiceCollection>? services = null, IEnumerable<string>? extraArgs = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "switchyard-uitests", Guid.NewGuid().ToString("N"));
        string[] args = ["--urls", "http://127.0.0.1:0", "--data-dir", dataDir, "--admin-token", AdminToken, "--Logging:LogLevel:Default=Warning", .. extraArgs ?? []];
        var app = SwitchyardHost.Build(args, services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new UiServer(app, dataDir, new Uri(address));
    }

    /// <summary>Registers samples/models/model-a and model-b as catalog.schema.model-A and model-B, version 1 each.</summary>
    public async Task RegisterSamplesAsync()
    {
        await RegisterAsync("model-A", RepoPaths.SampleModel("model-a"));
        await RegisterAsync("model-B", RepoPaths.SampleModel("model-b"));
    }

    /// <summary>Registers catalog.schema.<paramref name="name"/> with one version from <paramref name="source"/>.</summary>
    public Task RegisterAsync(string name, string source) => RegisterAsync("catalog", "schema", name, source);

    /// <summary>Registers <paramref name="catalog"/>.<paramref name="schema"/>.<paramref name="name"/> with one version from <paramref name="source"/>.</summary>
    public async Task RegisterAsync(string catalog, string schema, string name, string source)
    {
        await OkAsync(await PostAsync("/api/2.1/unity-catalog/models",
            new JsonObject { ["catalog_name"] = catalog, ["schema_name"] = schema, ["name"] = name }));
        await OkAsync(await PostAsync($"/api/2.1/unity-catalog/models/{catalog}.{schema}.{name}/versions",
            new JsonObject { ["source"] = source }));
    }

    /// <summary>Creates the secret scope (when new) and puts one secret in it through the REST API.</summary>
    public async Task PutSecretAsync(string scope, string key, string value)
    {
        // A second scope create answers RESOURCE_ALREADY_EXISTS, which is fine here.
        using var scopeAnswer = await PostAsync("/api/2.0/secrets/scopes/create", new JsonObject { ["scope"] = scope });
        await OkAsync(await PostAsync("/api/2.0/secrets/put", new JsonObject { ["scope"] = scope, ["key"] = key, ["string_value"] = value }));
    }

    /// <summary>Creates a user through SCIM and mints a token for it on its behalf.</summary>
    public async Task<string> CreateUserWithTokenAsync(string userName)
    {
        await OkAsync(await PostAsync("/api/2.0/preview/scim/v2/Users", new JsonObject { ["userName"] = userName }));
        var token = await OkAsync(await PostAsync("/api/2.0/token-management/on-behalf-of/tokens",
            new JsonObject { ["user_name"] = userName, ["comment"] = "ui test" }));
        return (string)token["token_value"]!;
    }

    public async Task<JsonObject> GetAsync(string path) => await OkAsync(await Admin.GetAsync(path));

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode body) =>
        Admin.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PutAsync(string path, JsonNode body) =>
        Admin.PutAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>Polls until the endpoint is READY and NOT_UPDATING.</summary>
    public async Task<JsonObject> WaitUntilReadyAsync(string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var endpoint = await GetAsync($"/api/2.0/serving-endpoints/{name}");
            var state = endpoint["state"]!;
            if ((string?)state["ready"] == "READY" && (string?)state["config_update"] == "NOT_UPDATING")
            {
                return endpoint;
            }

            Assert.True(DateTime.UtcNow < deadline, $"endpoint {name} not ready: {endpoint.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    public static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
