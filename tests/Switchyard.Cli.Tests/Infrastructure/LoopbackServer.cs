using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Server.Hosting;

namespace Switchyard.Cli.Tests.Infrastructure;

/// <summary>
/// A real Switchyard server on a free loopback port with a fresh data folder and a known admin
/// token, for the CLI to talk to over HTTP. <see cref="Admin"/> lets a test arrange things
/// (users, grants) that are not what it checks.
/// </summary>
public sealed class LoopbackServer : IAsyncLifetime
{
    /// <summary>The admin token every test server starts with (fixed, so a failure is easy to replay).</summary>
    public const string AdminToken = "dapi00000000000000c1" + "c0ffee00c0ffee00c0ffee00c0ffee00";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "switchyard-cli-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public string Host { get; private set; } = "";

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = SwitchyardHost.Build(
            ["--urls", "http://127.0.0.1:0", "--data-dir", _dataDir, "--admin-token", AdminToken, "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        Host = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Admin = new HttpClient { BaseAddress = new Uri(Host), Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    /// <summary>Creates a user through SCIM and mints a token for it, as an admin would.</summary>
    public async Task<string> UserTokenAsync(string userName)
    {
        await PostAsync("/api/2.0/preview/scim/v2/Users", new JsonObject { ["userName"] = userName });
        var minted = await PostAsync("/api/2.0/token-management/on-behalf-of/tokens", new JsonObject { ["user_name"] = userName, ["comment"] = "test" });
        return (string)minted["token_value"]!;
    }

    private async Task<JsonObject> PostAsync(string path, JsonObject body)
    {
        using var response = await Admin.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

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
