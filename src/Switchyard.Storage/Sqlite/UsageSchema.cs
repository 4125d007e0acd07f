using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Sqlite;

/// <summary>The usage log's tables. Created at start-up; every statement is idempotent.</summary>
internal static class UsageSchema
{
    // Types are ones PostgreSQL shares, so the columns carry over as they are: times are epoch
    // milliseconds in BIGINT, latencies DOUBLE PRECISION, request_streaming 0 or 1, usage_context a
    // JSON object. seq is the row's place in the log (SQLite's rowid; an identity column elsewhere):
    // it orders the rows of one millisecond and breaks the page cursor's ties. A served entity's
    // record is upserted by id.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS endpoint_usage (
            seq INTEGER PRIMARY KEY,
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
    /// Columns added after the table was first created (the experiment readout's): a database
    /// written by an earlier version gets them, nullable, when <c>PRAGMA table_info</c> does not list them.
    /// </summary>
    private static readonly (string Column, string Definition)[] AddedColumns =
    [
        ("config_version", "BIGINT"),
        ("unit_key", "TEXT"),
    ];

    /// <summary>Creates the tables and adds the columns an older file lacks; safe to run on every start.</summary>
    public static void Apply(SqliteConnection connection)
    {
        SqliteDatabase.Execute(connection, Create);
        foreach (var (column, definition) in AddedColumns)
        {
            using var query = connection.CreateCommand();
            query.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('endpoint_usage') WHERE name = '{column}'";
            if (Convert.ToInt64(query.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                try
                {
                    SqliteDatabase.Execute(connection, $"ALTER TABLE endpoint_usage ADD COLUMN {column} {definition}");
                }
                catch (SqliteException error) when (error.Message.Contains("duplicate column name", StringComparison.Ordinal))
                {
                    // Both the usage store and the experiment store apply this schema; the other added it in between.
                }
            }
        }
    }
}
