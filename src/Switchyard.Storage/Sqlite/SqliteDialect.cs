using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Switchyard.Storage.Sql;

namespace Switchyard.Storage.Sqlite;

/// <summary>SQLite's spelling: every integer is 64-bit already, and <c>INTEGER PRIMARY KEY</c> is the rowid.</summary>
public sealed class SqliteDialect : SqlDialect
{
    private const int SqliteConstraint = 19;

    public static readonly SqliteDialect Instance = new();

    private SqliteDialect()
    {
    }

    public override string Engine => "sqlite";

    public override string ForUpdate => "";

    public override string NowMilliseconds => "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

    // AUTOINCREMENT keeps the largest id ever given out, so a deleted row's id is never reused;
    // a log's seq needs only the rowid's insert order, without that extra write per insert.
    public override string Ddl(string schema) => schema
        .Replace("{seq}", "INTEGER PRIMARY KEY", StringComparison.Ordinal)
        .Replace("{id}", "INTEGER PRIMARY KEY AUTOINCREMENT", StringComparison.Ordinal);

    public override bool IsConstraintViolation(DbException error) => error is SqliteException { SqliteErrorCode: SqliteConstraint };

    public override void AddColumnIfMissing(DbConnection connection, DbTransaction transaction, string table, string column, string definition)
    {
        using var query = DbCommands.Create(connection, transaction,
            "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column", ("@table", table), ("@column", column));
        if (Convert.ToInt64(query.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            SqlDatabase.Execute(connection, transaction, $"ALTER TABLE {table} ADD COLUMN {column} {Ddl(definition)}");
        }
    }
}
