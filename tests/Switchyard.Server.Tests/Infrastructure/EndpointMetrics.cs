using System.Globalization;

namespace Switchyard.Server.Tests.Infrastructure;

/// <summary>Reads an endpoint's metrics route (Prometheus text) as the tests need it: one figure at a time.</summary>
public static class EndpointMetrics
{
    /// <summary>The figure <paramref name="name"/> of <paramref name="servedEntity"/>; exactly one such line must be there.</summary>
    public static async Task<double> ReadAsync(ServerUnderTest server, string endpoint, string name, string servedEntity)
    {
        var text = await server.Client.GetStringAsync($"/api/2.0/serving-endpoints/{endpoint}/metrics");
        var prefix = $"switchyard_{name}{{endpoint=\"{endpoint}\",served_entity=\"{servedEntity}\"}} ";
        var line = text.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }
}
