using Switchyard.Storage.Postgres;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;

namespace Switchyard.Testing.Services;

/// <summary>
/// An empty database on either engine, for the store suite that runs the same tests on both:
/// <c>[Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]</c> then
/// <c>await using var db = await TestDatabase.CreateAsync(engine)</c>.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgresql";

    private readonly string? _folder;
    private readonly string? _connectionString;

    private TestDatabase(SqlDatabase database, string? folder, string? connectionString)
    {
        Database = database;
        _folder = folder;
        _connectionString = connectionString;
    }

    public static IEnumerable<object[]> Engines => [[Sqlite], [Postgres]];

    public SqlDatabase Database { get; }

    /// <summary>The <c>--database</c> value that opens this database again (null for SQLite: the data folder's file).</summary>
    public string? Setting => _connectionString;

    /// <summary>A second, separate handle on the same database: what another replica (or a restart) opens.</summary>
    public SqlDatabase Reopen() => _connectionString is null
        ? new SqliteDatabase(((SqliteDatabase)Database).Path)
        : new PostgresDatabase(_connectionString);

    public static async Task<TestDatabase> CreateAsync(string engine)
    {
        if (engine == Postgres)
        {
            var connectionString = await PostgresCluster.Instance.CreateDatabaseAsync();
            return new TestDatabase(new PostgresDatabase(connectionString), null, connectionString);
        }

        var folder = Directory.CreateTempSubdirectory("switchyard-db-").FullName;
        return new TestDatabase(new SqliteDatabase(Path.Combine(folder, "switchyard.db")), folder, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (Database is PostgresDatabase postgres)
        {
            await postgres.DisposeAsync();
            await PostgresCluster.Instance.DropDatabaseAsync(_connectionString!);
        }
        else if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
