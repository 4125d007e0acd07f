using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Switchyard.Storage.Sql;

namespace Switchyard.Storage.Sqlite;

/// <summary>
/// The embedded database: one SQLite file in WAL mode, the default for one machine. Each store
/// opens short-lived pooled connections from here.
/// </summary>
public sealed class SqliteDatabase : SqlDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = Open();
        Execute(connection, null, "PRAGMA journal_mode=WAL;");
    }

    public string Path { get; }

    public override SqlDialect Dialect => SqliteDialect.Instance;

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Acknowledged writes must survive a crash: FULL syncs the WAL on every commit.
        // secure_delete zeroes what a write frees, so an old value (a key sealed since, a deleted secret) does not linger in free pages.
        Execute(connection, null, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON;");
        return connection;
    }

    /// <summary>SQLite opens a file: there is nothing to wait for.</summary>
    public override ValueTask<DbConnection> OpenAsync(CancellationToken ct) => ValueTask.FromResult(Open());

    /// <summary><c>BEGIN IMMEDIATE</c>: the write lock is taken before the first read.</summary>
    public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    /// <summary>A deferred transaction: its reads see one snapshot of the WAL, and it blocks no writer.</summary>
    public override DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);
}
