namespace Switchyard.Storage.Sqlite;

/// <summary>The endpoints' timelines. Created at start-up; every statement is idempotent.</summary>
internal static class EventSchema
{
    // Rows are keyed by the endpoint's id, not its name, so a later endpoint of the same name
    // never shows an earlier one's history. event_time is epoch milliseconds; seq (SQLite's rowid)
    // orders the events of one millisecond as they were written.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS endpoint_events (
            seq INTEGER PRIMARY KEY,
            endpoint_id TEXT NOT NULL,
            event_time BIGINT NOT NULL,
            event_type TEXT NOT NULL,
            message TEXT NOT NULL,
            config_version BIGINT,
            served_entity_name TEXT,
            actor TEXT);
        CREATE INDEX IF NOT EXISTS endpoint_events_by_time ON endpoint_events (endpoint_id, event_time, seq);
        """;
}
