namespace Switchyard.Server.Gateway.Capture;

/// <summary>Whether the inference table takes a query: each independently, with the table's sampling fraction.</summary>
public static class Sampling
{
    public static bool Takes(double fraction) => fraction >= 1.0 || (fraction > 0 && Random.Shared.NextDouble() < fraction);
}
