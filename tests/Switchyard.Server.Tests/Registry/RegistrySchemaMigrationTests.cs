using Microsoft.Data.Sqlite;
using Switchyard.Core.Registry;
using Switchyard.Core.Runtimes;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Tests.Registry;

/// <summary>A registry database written before versions had details opens, keeps its rows and takes details.</summary>
public sealed class RegistrySchemaMigrationTests
{
    [Fact]
    public async Task Old_database_gains_the_details_column_and_keeps_its_versions()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "old.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE registered_models (id INTEGER PRIMARY KEY AUTOINCREMENT, catalog_name TEXT NOT NULL, schema_name TEXT NOT NULL,
                    name TEXT NOT NULL, comment TEXT, owner TEXT NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL,
                    updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL, next_version INTEGER NOT NULL DEFAULT 1, UNIQUE (catalog_name, schema_name, name));
                CREATE TABLE model_versions (model_id INTEGER NOT NULL REFERENCES registered_models (id) ON DELETE CASCADE, version INTEGER NOT NULL,
                    source TEXT NOT NULL, storage_location TEXT NOT NULL UNIQUE, flavor TEXT NOT NULL, signature TEXT NOT NULL, comment TEXT,
                    created_at INTEGER NOT NULL, created_by TEXT NOT NULL, updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (model_id, version));
                INSERT INTO registered_models (catalog_name, schema_name, name, owner, created_at, created_by, updated_at, updated_by, next_version)
                    VALUES ('main', 'risk', 'fraud', 'admin', 1, 'admin', 1, 'admin', 2);
                INSERT INTO model_versions VALUES (1, 1, 'upload', 'v1', 'onnx', '{"inputs":[],"outputs":[]}', NULL, 1, 'admin', 1, 'admin');
                """;
            command.ExecuteNonQuery();
        }

        var store = new SqlRegistryStore(new SqliteDatabase(path));
        var name = new ModelName("main", "risk", "fraud");
        var old = await store.GetVersionAsync(name, 1, CancellationToken.None);
        var details = new FoundationModelDetails("llama", "llama", "tiny", 512, 1000, "F32", 64, 2, 4, 2, 0, 0, 400, "llama", "{{ x }}", "m.gguf", 40);
        var added = await store.AddVersionAsync(old! with { StorageLocation = "v2", Flavor = "gguf", Details = details }, CancellationToken.None);
        var reopened = new SqlRegistryStore(new SqliteDatabase(path));

        Assert.NotNull(old);
        Assert.Null(old.Details);
        Assert.Equal(details, (await reopened.GetVersionAsync(name, added.Version, CancellationToken.None))!.Details);
    }
}
