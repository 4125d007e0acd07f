namespace Switchyard.Storage.Stores;

/// <summary>The output pairs' table (shadow and replay comparisons). Created or migrated at start-up.</summary>
internal static class OutputPairSchema
{
    // Types are ones PostgreSQL shares: times are epoch milliseconds in BIGINT, latencies DOUBLE
    // PRECISION. seq is the pair's place in the table (SQLite's rowid): it orders the pairs of one
    // millisecond. Pairs are read by endpoint, source and time, and deleted by endpoint.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS output_pairs (
            seq {seq},
            endpoint_name TEXT NOT NULL,
            source TEXT NOT NULL,
            request_id TEXT NOT NULL,
            pair_time BIGINT NOT NULL,
            config_version BIGINT NOT NULL,
            baseline_entity TEXT NOT NULL,
            candidate_entity TEXT NOT NULL,
            baseline_status INTEGER NOT NULL,
            candidate_status INTEGER NOT NULL,
            baseline_latency_ms DOUBLE PRECISION NOT NULL,
            candidate_latency_ms DOUBLE PRECISION NOT NULL,
            baseline_output TEXT NOT NULL,
            candidate_output TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS output_pairs_by_source ON output_pairs (endpoint_name, source, pair_time, seq);
        """;

    /// <summary>The output_pairs part's schema versions (<see cref="Sql.SqlDatabase.Migrate"/>).</summary>
    public static readonly IReadOnlyList<Sql.SchemaStep> Steps = [new(Create)];

}
