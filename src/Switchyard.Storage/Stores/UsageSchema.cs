using System.Data.Common;
using Switchyard.Storage.Sql;

namespace Switchyard.Storage.Stores;

/// <summary>The usage log's tables. Created or migrated at start-up.</summary>
internal static class UsageSchema
{
    // Types are ones PostgreSQL shares, so the columns carry over as they are: times are epoch
    // milliseconds in BIGINT, latencies DOUBLE PRECISION, request_streaming 0 or 1, usage_context a
    // JSON object. seq is the row's place in the log (SQLite's rowid; an identity column elsewhere):
    // it orders the rows of one millisecond and breaks the page cursor's ties. A served entity's
    // record is upserted by id.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS endpoint_usage (
            seq {seq},
            endpoint_name TEXT NOT NULL,
            databricks_request_id TEXT NOT NULL,
            client_request_id TEXT,
            request_time BIGINT NOT NULL,
            status_code INTEGER NOT NULL,
            requester TEXT NOT NULL,
            served_entity_id TEXT NOT NULL,
            served_entity_name TEXT NOT NULL,
            input_token_count INTEGER,
            output_token_count INTEGER,
            request_streaming INTEGER NOT NULL,
            usage_context TEXT,
            latency_ms DOUBLE PRECISION NOT NULL,
            time_to_first_byte_ms DOUBLE PRECISION,
            config_version BIGINT,
            unit_key TEXT);
        CREATE INDEX IF NOT EXISTS endpoint_usage_by_time ON endpoint_usage (endpoint_name, request_time, seq);
        CREATE INDEX IF NOT EXISTS endpoint_usage_by_requester ON endpoint_usage (endpoint_name, requester, request_time, seq);
        CREATE TABLE IF NOT EXISTS served_entities (
            served_entity_id TEXT PRIMARY KEY,
            endpoint_name TEXT NOT NULL,
            served_entity_name TEXT NOT NULL,
            entity_name TEXT NOT NULL,
            entity_version TEXT,
            endpoint_config_version BIGINT NOT NULL,
            change_time BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS served_entities_by_endpoint ON served_entities (endpoint_name);
        """;

    /// <summary>
    /// The usage part's schema versions (<see cref="SqlDatabase.Migrate"/>). Version 1 also adds the
    /// experiment readout's columns, which databases written before them lack.
    /// </summary>
    public static readonly IReadOnlyList<SchemaStep> Steps =
    [
        new(Create, new AddedColumn("endpoint_usage", "config_version", "BIGINT"), new AddedColumn("endpoint_usage", "unit_key", "TEXT")),
    ];
}
