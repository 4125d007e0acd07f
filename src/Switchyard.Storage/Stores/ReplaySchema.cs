namespace Switchyard.Storage.Stores;

/// <summary>The replay jobs. Created or migrated at start-up.</summary>
internal static class ReplaySchema
{
    // spec and report are JSON text; created_ms and finished_ms epoch milliseconds.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS replays (
            replay_id TEXT NOT NULL PRIMARY KEY,
            endpoint_id TEXT NOT NULL,
            endpoint_name TEXT NOT NULL,
            state TEXT NOT NULL,
            spec TEXT NOT NULL,
            total BIGINT NOT NULL,
            sent BIGINT NOT NULL,
            completed BIGINT NOT NULL,
            failed BIGINT NOT NULL,
            created_ms BIGINT NOT NULL,
            finished_ms BIGINT,
            message TEXT,
            report TEXT);
        CREATE INDEX IF NOT EXISTS replays_by_endpoint ON replays (endpoint_id, created_ms);
        """;

    /// <summary>The replays part's schema versions (<see cref="Sql.SqlDatabase.Migrate"/>).</summary>
    public static readonly IReadOnlyList<Sql.SchemaStep> Steps = [new(Create)];

}
