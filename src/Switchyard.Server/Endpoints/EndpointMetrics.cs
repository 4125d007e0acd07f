using System.Globalization;
using System.Text;
using Switchyard.Core.Routing;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Gateway.Usage;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// <c>GET /api/2.0/serving-endpoints/{name}/metrics</c> (the Databricks <c>export_metrics</c>
/// route): the live entities' figures in the Prometheus text format, one series per served
/// entity, so a Prometheus server can scrape the endpoint as it would the hosted one.
/// </summary>
public static class EndpointMetrics
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private const string Prefix = "switchyard_";

    public static string Render(EndpointRoute route)
    {
        var series = new SortedDictionary<string, List<(string Entity, ServedMetric Metric)>>(StringComparer.Ordinal);
        foreach (var entity in route.Entities)
        {
            foreach (var metric in entity.Metrics())
            {
                if (!series.TryGetValue(metric.Name, out var list))
                {
                    series[metric.Name] = list = [];
                }

                list.Add((entity.Name, metric));
            }
        }

        var text = new StringBuilder();
        foreach (var (name, list) in series)
        {
            text.Append("# HELP ").Append(Prefix).Append(name).Append(' ').Append(list[0].Metric.Help).Append('\n');
            text.Append("# TYPE ").Append(Prefix).Append(name).Append(list[0].Metric.IsCounter ? " counter\n" : " gauge\n");
            foreach (var (entity, metric) in list)
            {
                text.Append(Prefix).Append(name)
                    .Append("{endpoint=\"").Append(route.EndpointName)
                    .Append("\",served_entity=\"").Append(entity).Append("\"} ")
                    .Append(metric.Value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The endpoint's usage-log counters since start-up: rows written, and rows dropped (a full
    /// queue or a failed write), so a log that falls behind shows instead of silently losing rows.
    /// </summary>
    public static string RenderUsage(string endpointName, UsageCounts counts)
    {
        var text = new StringBuilder();
        Counter(text, "usage_rows_written_total", "Usage-log rows written since start-up.", endpointName, counts.Written);
        Counter(text, "usage_rows_dropped_total", "Usage-log rows dropped since start-up (queue full or write failed).", endpointName, counts.Dropped);
        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, string endpointName, long value)
    {
        text.Append("# HELP ").Append(Prefix).Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(Prefix).Append(name).Append(" counter\n");
        text.Append(Prefix).Append(name).Append("{endpoint=\"").Append(endpointName).Append("\"} ")
            .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
