using System.Globalization;

namespace Switchyard.Testing.Services;

/// <summary>
/// Debian's HAProxy in front of replicas on loopback: round robin, a health check on each server
/// every 200 ms, and a failed connection retried on another server, never reusing an idle server
/// connection (one left open to a replica that was killed would fail the next request sent on it), as
/// deploy/haproxy/haproxy.cfg sets it up. Stopped when disposed.
/// </summary>
public sealed class HaproxyBalancer : IDisposable
{
    private readonly string _folder;

    private HaproxyBalancer(string folder, int port)
    {
        _folder = folder;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    /// <summary>A client to the balancer (no credentials: a test adds its own header per request).</summary>
    public HttpClient Client { get; }

    public static HaproxyBalancer Start(string healthPath, params IEnumerable<int> serverPorts)
    {
        var haproxy = ServiceProcess.Find("haproxy", "/usr/sbin/haproxy", "/usr/bin/haproxy");
        var folder = Directory.CreateTempSubdirectory("switchyard-haproxy-").FullName;
        var port = ServiceProcess.FreePort();
        var servers = string.Join('\n', serverPorts.Select((p, i) =>
            string.Create(CultureInfo.InvariantCulture, $"    server r{i + 1} 127.0.0.1:{p} check inter 200ms fall 2 rise 2")));
        File.WriteAllText(Path.Combine(folder, "haproxy.cfg"), $"""
            global
                maxconn 2000
            defaults
                mode http
                timeout connect 1s
                timeout client 30s
                timeout server 30s
                retries 3
                option redispatch
                retry-on conn-failure
                http-reuse never
            frontend switchyard
                bind 127.0.0.1:{port}
                default_backend replicas
            backend replicas
                balance roundrobin
                option httpchk GET {healthPath}
            {servers}

            """);
        ServiceProcess.Run(haproxy, "-f", Path.Combine(folder, "haproxy.cfg"), "-D", "-p", Path.Combine(folder, "haproxy.pid"));
        ServiceProcess.CleanUpWhenProcessEnds(ServiceProcess.KillByPidFile(folder, "haproxy.pid"));
        return new HaproxyBalancer(folder, port);
    }

    public void Dispose()
    {
        Client.Dispose();
        try
        {
            var pid = File.ReadAllText(Path.Combine(_folder, "haproxy.pid")).Trim();
            ServiceProcess.Run("kill", pid);
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception error) when (error is IOException or InvalidOperationException)
        {
            // Already gone.
        }
    }
}
