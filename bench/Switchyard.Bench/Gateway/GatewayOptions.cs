using System.Text.Json.Nodes;
using Switchyard.Bench.Driving;

namespace Switchyard.Bench.Gateway;

/// <summary>Command-line settings of <c>run-gateway</c>; the defaults are the short run.</summary>
public sealed record GatewayOptions(
    TimeSpan Round, TimeSpan WarmUp, int Rounds, double Rate, int Connections, int WrkThreads, TimeSpan Settle,
    JsonObject Gateway, string GatewaySource, string? OutFile, int MaxReruns, TimeSpan Patience)
{
    /// <summary>
    /// The gateway's hot-path work on every request: usage tracking, the inference table, and an
    /// endpoint and a per-user call limit set far above anything the bench sends, so every request
    /// is counted against both and none is refused.
    /// </summary>
    public const string HotPathGateway = """
        {"usage_tracking_config": {"enabled": true},
         "inference_table_config": {"catalog_name": "bench", "schema_name": "gw", "table_name_prefix": "tiny", "enabled": true},
         "rate_limits": [{"key": "endpoint", "calls": 1000000000, "renewal_period": "minute"},
                         {"key": "user", "calls": 1000000000, "renewal_period": "minute"}]}
        """;

    public static GatewayOptions Parse(string[] args)
    {
        var read = new BenchArguments(args);
        var rounds = read.Rounds();
        var file = read.Value("--gateway-config");
        var gateway = JsonNode.Parse(file is null ? HotPathGateway : File.ReadAllText(file)) as JsonObject
            ?? throw new ArgumentException("--gateway-config must hold one JSON object, the body of PUT …/ai-gateway");

        return new GatewayOptions(
            TimeSpan.FromSeconds(read.Int("--seconds", 10)),
            TimeSpan.FromSeconds(read.Int("--warmup", 10)),
            rounds,
            read.Int("--rate", 1000),
            read.Int("--connections", 16),
            read.Int("--wrk-threads", 1),
            TimeSpan.FromSeconds(read.Int("--settle", 3)),
            gateway,
            file is null ? "the hot-path default" : Path.GetFileName(file),
            read.Value("--out"),
            read.Int("--max-reruns", rounds * 2),
            TimeSpan.FromSeconds(read.Int("--patience", 60)));
    }
}
