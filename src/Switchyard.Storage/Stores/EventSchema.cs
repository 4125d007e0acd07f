namespace Switchyard.Storage.Stores;

/// <summary>The endpoints' timelines. Created or migrated at start-up.</summary>
internal static class EventSchema
{
    // Rows are keyed by the endpoint's id, not its name, so a later endpoint of the same name
    // never shows an earlier one's history. event_time is epoch milliseconds; seq (SQLite's rowid)
    // orders the events of one millisecond as they were written.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS endpoint_events (
            seq {seq},
            endpoint_id TEXT NOT NULL,
            event_time BIGINT NOT NULL,
            event_type TEXT NOT NULL,
            message TEXT NOT NULL,
            config_version BIGINT,
            served_entity_name TEXT,
            actor TEXT);
        CREATE INDEX IF NOT EXISTS endpoint_events_by_time ON endpoint_events (endpoint_id, event_time, seq);
        """;

    /// <summary>The endpoint_events part's schema versions (<see cref="Sql.SqlDatabase.Migrate"/>).</summary>
    public static readonly IReadOnlyList<Sql.SchemaStep> Steps = [new(Create)];

}
