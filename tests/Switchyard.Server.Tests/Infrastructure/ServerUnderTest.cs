using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Tests.Infrastructure;

/// <summary>
/// The real server on a free loopback port with its own data folder, talked to over real HTTP.
/// <see cref="RestartAsync"/> stops it and starts a new one on the same data folder.
/// </summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly string[] _extraArgs;
    private readonly Action<IServiceCollection>? _services;
    private WebApplication? _app;

    private ServerUnderTest(string dataDir, string[] extraArgs, Action<IServiceCollection>? services)
    {
        DataDir = dataDir;
        _extraArgs = extraArgs;
        _services = services;
    }

    public string DataDir { get; }

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public static Task<ServerUnderTest> StartAsync(params string[] extraArgs) => StartAsync(null, extraArgs);

    /// <summary>Starts a server with extra services (for example a runtime the test controls).</summary>
    public static async Task<ServerUnderTest> StartAsync(Action<IServiceCollection>? services, params string[] extraArgs)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "switchyard-tests", Guid.NewGuid().ToString("N"));
        var server = new ServerUnderTest(dataDir, extraArgs, services);
        await server.StartCoreAsync();
        return server;
    }

    public async Task RestartAsync()
    {
        await StopCoreAsync();
        await StartCoreAsync();
    }

    private async Task StartCoreAsync()
    {
        string[] args = ["--urls", "http://127.0.0.1:0", "--data-dir", DataDir, "--Logging:LogLevel:Default=Warning", .. _extraArgs];
        _app = SwitchyardHost.Build(args, _services);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    private async Task StopCoreAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopCoreAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PutJsonAsync(string path, string json) =>
        Client.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PatchJsonAsync(string path, string json) =>
        Client.PatchAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostBytesAsync(string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return Client.PostAsync(path, content);
    }
}

/// <summary>Small assertions on API answers.</summary>
public static class ApiAssert
{
    public static async Task<JsonObject> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Checks the status and error code, and answers the message.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, int status, string errorCode)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(errorCode, (string?)body["error_code"]);
        var message = (string?)body["message"];
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }
}
