using System.Globalization;
using System.Text.RegularExpressions;
using Switchyard.Bench.Driving;

namespace Switchyard.Bench.Gateway;

/// <summary>
/// The gateway's background work on one endpoint since the server started, from its metrics
/// route: usage-log rows and inference-table rows written and dropped. It proves the gateway
/// did its work (a gateway that captured nothing costs nothing), and dropped rows — back-pressure
/// at saturation — would make the gateway's side cheaper than it should be.
/// </summary>
public sealed partial record GatewayWork(long UsageWritten, long UsageDropped, long RowsWritten, long RowsDropped)
{
    public static async Task<GatewayWork> ReadAsync(ControlPlane control, string endpoint)
    {
        var metrics = await control.GetTextAsync($"/api/2.0/serving-endpoints/{endpoint}/metrics");
        long Counter(string name) => Series().Matches(metrics).FirstOrDefault(m => m.Groups[1].Value == name) is { } found
            ? long.Parse(found.Groups[2].Value, CultureInfo.InvariantCulture)
            : 0;
        return new GatewayWork(
            Counter("usage_rows_written_total"), Counter("usage_rows_dropped_total"),
            Counter("inference_rows_written_total"), Counter("inference_rows_dropped_total"));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"usage-log rows {UsageWritten} written, {UsageDropped} dropped; inference-table rows {RowsWritten} written, {RowsDropped} dropped");

    [GeneratedRegex(@"^switchyard_(\w+)\{[^}]*\} (\d+)$", RegexOptions.Multiline)]
    private static partial Regex Series();
}
