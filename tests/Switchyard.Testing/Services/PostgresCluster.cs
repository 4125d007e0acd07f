using Npgsql;

namespace Switchyard.Testing.Services;

/// <summary>
/// A real PostgreSQL 15 for the tests: one cluster per test process, made with Debian's
/// <c>initdb</c> in a temporary folder on a free loopback port (as the <c>postgres</c> user when the
/// tests run as root, since initdb refuses root), and stopped when the process exits. Each test
/// takes a fresh database of its own (<see cref="CreateDatabaseAsync"/>), so tests never see each other's rows.
/// </summary>
public sealed class PostgresCluster
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private static readonly Lazy<PostgresCluster> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _folder;
    private int _databases;

    private PostgresCluster(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    /// <summary>The process's cluster, started on first use.</summary>
    public static PostgresCluster Instance => Shared.Value;

    public int Port { get; }

    /// <summary>A connection string to the cluster's <c>postgres</c> database (for creating others).</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>Creates an empty database and answers its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    /// <summary>
    /// Creates an empty database owned by a login role of its own (not a superuser, as an operator would
    /// run the server), and answers its connection string as that role; <see cref="SetLoginAsync"/> can
    /// then lock the role out, as a network partition would, without touching other tests.
    /// </summary>
    public async Task<string> CreateOwnedDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await AdminAsync($"""CREATE ROLE "{name}" LOGIN""");
        await AdminAsync($"""CREATE DATABASE "{name}" OWNER "{name}" """);
        return $"Host=127.0.0.1;Port={Port};Username={name};Database={name}";
    }

    /// <summary>Lets the role of <paramref name="connectionString"/> log in, or not; refusing also ends its LISTEN connections (others stay open).</summary>
    public async Task SetLoginAsync(string connectionString, bool allowed)
    {
        var role = new NpgsqlConnectionStringBuilder(connectionString).Username;
        await AdminAsync($"""ALTER ROLE "{role}" {(allowed ? "LOGIN" : "NOLOGIN")}""");
        if (!allowed)
        {
            await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}' AND query LIKE 'LISTEN%'");
        }
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Drops a database a test made (its pooled connections are cleared first).</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static PostgresCluster Start()
    {
        var initdb = ServiceProcess.Find("postgresql", $"{Bin}/initdb");
        var folder = Directory.CreateTempSubdirectory("switchyard-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            ServiceProcess.Run("chown", "postgres", folder);
        }

        var port = ServiceProcess.FreePort();
        AsOwner(asRoot, initdb, "-D", $"{folder}/db", "-A", "trust", "-U", "postgres", "--no-sync");
        // fsync off: these databases are thrown away, and the tests measure behaviour, not durability.
        AsOwner(asRoot, $"{Bin}/pg_ctl", "-D", $"{folder}/db", "-w", "-l", $"{folder}/log",
            "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start");
        var cluster = new PostgresCluster(folder, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop(asRoot);
        // A killed test process runs no exit handler; the cluster must not outlive it either way.
        var stop = $"{Bin}/pg_ctl -D {folder}/db -m immediate stop";
        ServiceProcess.CleanUpWhenProcessEnds($"{(asRoot ? "runuser -u postgres -- " : "")}{stop}; rm -rf {folder}");
        return cluster;
    }

    private void Stop(bool asRoot)
    {
        try
        {
            AsOwner(asRoot, $"{Bin}/pg_ctl", "-D", $"{_folder}/db", "-m", "immediate", "stop");
            Directory.Delete(_folder, recursive: true);
        }
        catch (InvalidOperationException)
        {
            // Already stopped; nothing to clean.
        }
    }

    private static void AsOwner(bool asRoot, string file, params string[] arguments)
    {
        if (asRoot)
        {
            ServiceProcess.Run("runuser", ["-u", "postgres", "--", file, .. arguments]);
        }
        else
        {
            ServiceProcess.Run(file, arguments);
        }
    }
}
