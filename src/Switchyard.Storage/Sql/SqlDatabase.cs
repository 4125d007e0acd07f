using System.Data;
using System.Data.Common;

namespace Switchyard.Storage.Sql;

/// <summary>
/// The database every store writes through, whichever engine holds it: SQLite in the data folder
/// (one machine, the default) or PostgreSQL (several replicas on shared state). Stores open
/// short-lived pooled connections here, write SQL both engines read (named <c>@parameters</c>,
/// <c>ON CONFLICT</c> upserts, <c>RETURNING</c>), and leave what differs to <see cref="Dialect"/>.
/// </summary>
public abstract class SqlDatabase
{
    /// <summary>What differs between the engines: column types in DDL, constraint errors, locking reads.</summary>
    public abstract SqlDialect Dialect { get; }

    /// <summary>The engine's name as the docs and the admin routes say it: <c>sqlite</c> or <c>postgresql</c>.</summary>
    public string Engine => Dialect.Engine;

    /// <summary>An open connection from the pool; the caller disposes it.</summary>
    public abstract DbConnection Open();

    /// <summary>An open connection from the pool; the caller disposes it.</summary>
    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// A transaction that writes. On SQLite it takes the write lock at once (<c>BEGIN IMMEDIATE</c>),
    /// so two writers never both read a state and then collide; on PostgreSQL it is READ COMMITTED, and
    /// a statement that decides on what it read locks those rows (<see cref="SqlDialect.ForUpdate"/>).
    /// </summary>
    public virtual DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction(IsolationLevel.ReadCommitted);

    /// <summary>A transaction whose reads all see one state of the database (several statements that must agree).</summary>
    public virtual DbTransaction BeginRead(DbConnection connection) => connection.BeginTransaction(IsolationLevel.RepeatableRead);

    /// <summary>
    /// Brings one part of the schema (a store's tables) to its newest version: the steps after the
    /// version recorded in <c>schema_versions</c> run in one transaction, under a lock that makes
    /// replicas starting together take turns (an advisory lock on PostgreSQL, the write lock on SQLite).
    /// </summary>
    public void Migrate(string part, IReadOnlyList<SchemaStep> steps) => SchemaMigrator.Migrate(this, part, steps);

    /// <summary>Runs <paramref name="sql"/> (one statement or several) with no parameters.</summary>
    public static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The database a <c>--database</c> setting names: none (null or empty) is SQLite at
    /// <paramref name="sqlitePath"/>; a <c>postgres://</c> or <c>postgresql://</c> URL, or an Npgsql
    /// connection string (<c>Host=…</c>), is PostgreSQL.
    /// </summary>
    public static SqlDatabase Connect(string? setting, string sqlitePath)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return new Sqlite.SqliteDatabase(sqlitePath);
        }

        return new Postgres.PostgresDatabase(Postgres.PostgresConnectionString.From(setting));
    }
}
