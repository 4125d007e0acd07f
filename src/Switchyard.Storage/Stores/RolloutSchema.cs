namespace Switchyard.Storage.Stores;

/// <summary>The endpoints' progressive rollouts. Created or migrated at start-up.</summary>
internal static class RolloutSchema
{
    // One row per endpoint id: its latest rollout as a JSON document (plan, state, decisions).
    // updated_at is epoch milliseconds of the last write.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS endpoint_rollouts (
            endpoint_id TEXT NOT NULL PRIMARY KEY,
            rollout TEXT NOT NULL,
            updated_at BIGINT NOT NULL);
        """;

    /// <summary>The rollouts part's schema versions (<see cref="Sql.SqlDatabase.Migrate"/>).</summary>
    public static readonly IReadOnlyList<Sql.SchemaStep> Steps = [new(Create)];

}
