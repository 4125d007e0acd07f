using System.Data.Common;
using System.Globalization;

namespace Switchyard.Storage.Sql;

/// <summary>
/// Runs schema steps once per database. <c>schema_versions</c> holds each part's version; a part's
/// missing steps and its new version are written in one transaction, so a crash leaves it at a
/// version it fully reached. PostgreSQL runs DDL in transactions too, and its transaction-scoped
/// advisory lock makes replicas that start at once migrate one after another.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>The advisory lock's key: any fixed number every replica agrees on ('SWYD').</summary>
    private const long AdvisoryLockKey = 0x53575944;

    public static void Migrate(SqlDatabase database, string part, IReadOnlyList<SchemaStep> steps)
    {
        using var connection = database.Open();
        using var transaction = database.BeginWrite(connection);
        if (database.Dialect is Postgres.PostgresDialect)
        {
            SqlDatabase.Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})");
        }

        SqlDatabase.Execute(connection, transaction, database.Dialect.Ddl(
            "CREATE TABLE IF NOT EXISTS schema_versions (part TEXT PRIMARY KEY, version BIGINT NOT NULL, applied_at BIGINT NOT NULL)"));
        var current = CurrentVersion(connection, transaction, part);
        if (current > steps.Count)
        {
            throw new InvalidOperationException(
                $"The database's {part} tables are at schema version {current}, newer than this server knows ({steps.Count}); run a newer server.");
        }

        for (var version = current + 1; version <= steps.Count; version++)
        {
            var step = steps[version - 1];
            if (!string.IsNullOrWhiteSpace(step.Sql))
            {
                SqlDatabase.Execute(connection, transaction, database.Dialect.Ddl(step.Sql));
            }

            foreach (var added in step.Columns)
            {
                database.Dialect.AddColumnIfMissing(connection, transaction, added.Table, added.Column, added.Definition);
            }
        }

        if (current < steps.Count)
        {
            using var record = DbCommands.Create(connection, transaction, """
                INSERT INTO schema_versions (part, version, applied_at) VALUES (@part, @version, @now)
                ON CONFLICT (part) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at
                """, ("@part", part), ("@version", (long)steps.Count), ("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            record.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static int CurrentVersion(DbConnection connection, DbTransaction transaction, string part)
    {
        using var query = DbCommands.Create(connection, transaction, "SELECT version FROM schema_versions WHERE part = @part", ("@part", part));
        return query.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : 0;
    }
}
