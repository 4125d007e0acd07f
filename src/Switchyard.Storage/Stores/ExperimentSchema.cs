namespace Switchyard.Storage.Stores;

/// <summary>The experiment readout's feedback table. Created or migrated at start-up.</summary>
internal static class ExperimentSchema
{
    // One value per endpoint, request and metric (a later one replaces it); time in epoch
    // milliseconds, value a finite double (a boolean is stored as 1 or 0). The key serves the
    // readout's join from usage rows to their feedback.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS experiment_feedback (
            endpoint_name TEXT NOT NULL,
            request_id TEXT NOT NULL,
            metric TEXT NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            time BIGINT NOT NULL,
            requester TEXT NOT NULL,
            PRIMARY KEY (endpoint_name, request_id, metric));
        """;

    /// <summary>The experiments part's schema versions (<see cref="Sql.SqlDatabase.Migrate"/>).</summary>
    public static readonly IReadOnlyList<Sql.SchemaStep> Steps = [new(Create)];

}
