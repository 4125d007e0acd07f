using System.Data.Common;

namespace Switchyard.Storage.Sql;

/// <summary>
/// What SQLite and PostgreSQL spell differently. Schema text is written once with a few tokens
/// (<see cref="Ddl"/>); statements are written once in the SQL both engines share.
/// </summary>
public abstract class SqlDialect
{
    public abstract string Engine { get; }

    /// <summary>
    /// Schema text for this engine. Tokens: <c>{seq}</c> a row's place in a log (a 64-bit key the
    /// database assigns in insert order), <c>{id}</c> a surrogate key never handed out twice. Types are
    /// written as SQLite names them: <c>INTEGER</c> (64-bit on both), <c>BLOB</c>, <c>TEXT</c>,
    /// <c>BIGINT</c>, <c>DOUBLE PRECISION</c>.
    /// </summary>
    public abstract string Ddl(string schema);

    /// <summary>True when <paramref name="error"/> is a constraint refusing a write (a unique key, a foreign key, NOT NULL).</summary>
    public abstract bool IsConstraintViolation(DbException error);

    /// <summary>
    /// What a <c>SELECT</c> inside a write transaction ends with to lock the rows it read until the
    /// commit: <c> FOR UPDATE</c> on PostgreSQL, nothing on SQLite (whose write transaction already holds the database).
    /// </summary>
    public abstract string ForUpdate { get; }

    /// <summary>An SQL expression for the database's clock now, in Unix milliseconds (replicas compare heartbeats by one clock).</summary>
    public abstract string NowMilliseconds { get; }

    /// <summary>Adds a nullable column when the table lacks it (databases written before the column existed).</summary>
    public abstract void AddColumnIfMissing(DbConnection connection, DbTransaction transaction, string table, string column, string definition);
}
