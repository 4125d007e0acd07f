using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// Rows written and rows dropped (a full queue, a failed write) per endpoint, shown on the
/// endpoint's metrics route as <c>switchyard_inference_rows_written_total</c> and
/// <c>switchyard_inference_rows_dropped_total</c>.
/// </summary>
public sealed class InferenceTableCounters
{
    private readonly ConcurrentDictionary<string, Counts> _byEndpoint = new(StringComparer.Ordinal);

    public void Written(string endpoint, long rows) => Interlocked.Add(ref For(endpoint).Written, rows);

    public void Dropped(string endpoint, long rows = 1) => Interlocked.Add(ref For(endpoint).Dropped, rows);

    public (long Written, long Dropped) Of(string endpoint) =>
        _byEndpoint.TryGetValue(endpoint, out var counts) ? (Interlocked.Read(ref counts.Written), Interlocked.Read(ref counts.Dropped)) : (0, 0);

    /// <summary>The two series of one endpoint in the Prometheus text format.</summary>
    public string Render(string endpoint)
    {
        var (written, dropped) = Of(endpoint);
        var text = new StringBuilder();
        Append(text, "inference_rows_written_total", "Rows written to the endpoint's inference table.", endpoint, written);
        Append(text, "inference_rows_dropped_total", "Rows of the endpoint's inference table dropped (queue full or write failed).", endpoint, dropped);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string name, string help, string endpoint, long value) =>
        text.Append("# HELP switchyard_").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE switchyard_").Append(name).Append(" counter\n")
            .Append("switchyard_").Append(name).Append("{endpoint=\"").Append(endpoint).Append("\"} ")
            .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private Counts For(string endpoint) => _byEndpoint.GetOrAdd(endpoint, static _ => new Counts());

    private sealed class Counts
    {
        public long Written;
        public long Dropped;
    }
}
