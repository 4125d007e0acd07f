using System.Data.Common;
using Npgsql;
using Switchyard.Storage.Sql;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// State in PostgreSQL, shared by every replica (<c>--database postgres://…</c>). One
/// <see cref="NpgsqlDataSource"/> pools the connections; the same stores run on it as on SQLite.
/// </summary>
public sealed class PostgresDatabase : SqlDatabase, IAsyncDisposable
{
    public PostgresDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        Source = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The connection string (it may hold a password: never log or answer it).</summary>
    public string ConnectionString { get; }

    /// <summary>The pool; the change signal opens its long-lived LISTEN connection here too.</summary>
    public NpgsqlDataSource Source { get; }

    public override SqlDialect Dialect => PostgresDialect.Instance;

    public override DbConnection Open() => Source.OpenConnection();

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) => await Source.OpenConnectionAsync(ct);

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
