using System.Net.Sockets;

namespace Switchyard.Testing.Services;

/// <summary>
/// A real Redis (Debian's redis-server) on a free loopback port, without persistence, for one test:
/// <see cref="Stop"/> takes it away mid-test (as an outage would), disposing stops it for good.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _folder;

    private RedisServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The <c>--redis</c> value that reaches it.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static RedisServer Start()
    {
        var server = ServiceProcess.Find("redis-server", "/usr/bin/redis-server");
        var folder = Directory.CreateTempSubdirectory("switchyard-redis-").FullName;
        var port = ServiceProcess.FreePort();
        ServiceProcess.Run(server, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "yes", "--dir", folder, "--pidfile", Path.Combine(folder, "redis.pid"));
        var redis = new RedisServer(folder, port);
        ServiceProcess.CleanUpWhenProcessEnds(ServiceProcess.KillByPidFile(folder, "redis.pid"));
        redis.WaitUntilListening();
        return redis;
    }

    /// <summary>Stops the server (SIGTERM) and waits until its port is closed.</summary>
    public void Stop()
    {
        var pidFile = Path.Combine(_folder, "redis.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        ServiceProcess.Run("kill", File.ReadAllText(pidFile).Trim());
        for (var i = 0; i < 100 && Listening(); i++)
        {
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private void WaitUntilListening()
    {
        for (var i = 0; i < 100; i++)
        {
            if (Listening())
            {
                return;
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException($"redis-server did not listen on port {Port} within 5 s");
    }

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
