using System.Diagnostics.Metrics;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>The limits' instruments, on the server's one <see cref="Meter"/> ("Switchyard").</summary>
public static class LimitMetrics
{
    public static readonly Meter Meter = new("Switchyard");
}
