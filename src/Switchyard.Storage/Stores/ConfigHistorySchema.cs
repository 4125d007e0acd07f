namespace Switchyard.Storage.Stores;

/// <summary>The endpoints' accepted configs. Created or migrated at start-up.</summary>
internal static class ConfigHistorySchema
{
    // Keyed by the endpoint's id, not its name, so a later endpoint of the same name never shows an
    // earlier one's configs. config is the stored EndpointConfig document (keys sealed), diff a JSON
    // array; created_at is epoch milliseconds.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS endpoint_config_history (
            endpoint_id TEXT NOT NULL,
            config_version BIGINT NOT NULL,
            author TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            reason TEXT,
            config TEXT NOT NULL,
            diff TEXT NOT NULL,
            PRIMARY KEY (endpoint_id, config_version));
        """;

    /// <summary>The config_history part's schema versions (<see cref="Sql.SqlDatabase.Migrate"/>).</summary>
    public static readonly IReadOnlyList<Sql.SchemaStep> Steps = [new(Create)];

}
