using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Server.Hosting;

namespace Switchyard.Testing.Hosting;

/// <summary>
/// The real server on a free loopback port with its own data folder, talked to over real HTTP: the
/// one host the server, CLI and browser tests all start, so they test the same thing the same way.
/// It starts with <see cref="AdminToken"/> installed as the bootstrap admin's token, and
/// <see cref="Client"/> sends it; <see cref="ClientFor"/> makes clients for other principals.
/// <see cref="RestartAsync"/> stops it and starts a new one on the same data folder.
/// </summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    /// <summary>The admin's token in every test server started with it (fixed, so failures are easy to replay).</summary>
    public const string AdminToken = "dapi00000000000000a1" + "5e1fc0de5e1fc0de5e1fc0de5e1fc0de";

    private readonly string[] _extraArgs;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _supplyAdminToken;
    private readonly List<HttpClient> _otherClients = [];
    private WebApplication? _app;

    private ServerUnderTest(string dataDir, string[] extraArgs, Action<IServiceCollection>? services, bool supplyAdminToken)
    {
        DataDir = dataDir;
        _extraArgs = extraArgs;
        _services = services;
        _supplyAdminToken = supplyAdminToken;
    }

    public string DataDir { get; }

    /// <summary>A client authenticated as the admin (no credentials when started without an admin token).</summary>
    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The address as DATABRICKS_HOST or a config profile holds it: scheme, host and port, no trailing slash.</summary>
    public string Host { get; private set; } = "";

    public IServiceProvider Services => _app!.Services;

    /// <summary>Starts a server; <paramref name="extraArgs"/> are more command-line settings (say, a stand-in provider's base URL).</summary>
    public static Task<ServerUnderTest> StartAsync(params string[] extraArgs) => StartAsync(null, extraArgs);

    /// <summary>Starts a server with extra services (for example a runtime the test controls).</summary>
    public static Task<ServerUnderTest> StartAsync(Action<IServiceCollection>? services, params string[] extraArgs) =>
        StartCoreAsync(services, extraArgs, supplyAdminToken: true);

    /// <summary>Starts a server as an operator would the first time: no --admin-token, so it mints and prints one.</summary>
    public static Task<ServerUnderTest> StartWithoutAdminTokenAsync(params string[] extraArgs) =>
        StartCoreAsync(null, extraArgs, supplyAdminToken: false);

    private static async Task<ServerUnderTest> StartCoreAsync(Action<IServiceCollection>? services, string[] extraArgs, bool supplyAdminToken)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "switchyard-tests", Guid.NewGuid().ToString("N"));
        var server = new ServerUnderTest(dataDir, extraArgs, services, supplyAdminToken);
        try
        {
            await server.StartCoreAsync();
        }
        catch (Exception startFailure)
        {
            try
            {
                await server.DisposeAsync();
            }
            catch (Exception stopFailure)
            {
                // Stopping a host whose start failed can fail too; the start's failure is the one to report.
                throw new AggregateException(startFailure, stopFailure);
            }

            throw;
        }

        return server;
    }

    /// <summary>A client sending <c>Authorization: Bearer <paramref name="token"/></c>; disposed with the server.</summary>
    public HttpClient ClientFor(string token)
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _otherClients.Add(client);
        return client;
    }

    /// <summary>A client sending no credentials at all; disposed with the server.</summary>
    public HttpClient AnonymousClient()
    {
        var client = NewClient();
        _otherClients.Add(client);
        return client;
    }

    /// <summary>Prints the start banner into <paramref name="output"/>, as the real server prints it to the console.</summary>
    public void PrintBanner(TextWriter output) => SwitchyardHost.PrintBanner(_app!, output);

    /// <summary>Stops the server, runs <paramref name="whileStopped"/> (say, to age its database), and starts it again.</summary>
    public async Task RestartAsync(Action? whileStopped = null)
    {
        await StopCoreAsync();
        whileStopped?.Invoke();
        await StartCoreAsync();
    }

    private async Task StartCoreAsync()
    {
        string[] tokenArgs = _supplyAdminToken ? ["--admin-token", AdminToken] : [];
        string[] args = ["--urls", "http://127.0.0.1:0", "--data-dir", DataDir, "--Logging:LogLevel:Default=Warning", .. tokenArgs, .. _extraArgs];
        _app = SwitchyardHost.Build(args, _services);
        await _app.StartAsync();
        Host = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(Host);
        Client = NewClient();
        if (_supplyAdminToken)
        {
            Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        }
    }

    private HttpClient NewClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private async Task StopCoreAsync()
    {
        Client?.Dispose();
        foreach (var client in _otherClients)
        {
            client.Dispose();
        }

        _otherClients.Clear();
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
}
