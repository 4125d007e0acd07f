using System.Net;
using System.Net.Sockets;

namespace Switchyard.Bench.Driving;

/// <summary>A loopback port free right now; the children get fixed URLs so wrk can be told them.</summary>
public static class FreePort
{
    public static Uri Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }
}
