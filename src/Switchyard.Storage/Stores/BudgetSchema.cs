namespace Switchyard.Storage.Stores;

/// <summary>The budgets' spend table. Created at start-up; the statement is idempotent.</summary>
internal static class BudgetSchema
{
    // One row per endpoint, budget rule identity, subject and period; old periods stay as a record
    // of what was spent (a row is a few dozen bytes per subject per period).
    public const string Create = """
        CREATE TABLE IF NOT EXISTS gateway_budget_spend (
            endpoint TEXT NOT NULL,
            rule TEXT NOT NULL,
            subject TEXT NOT NULL,
            period_start INTEGER NOT NULL,
            used_tokens INTEGER NOT NULL,
            PRIMARY KEY (endpoint, rule, subject, period_start));
        """;

    /// <summary>The budgets part's schema versions (<see cref="Sql.SqlDatabase.Migrate"/>).</summary>
    public static readonly IReadOnlyList<Sql.SchemaStep> Steps = [new(Create)];

}
