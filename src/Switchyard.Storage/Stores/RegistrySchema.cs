using System.Data.Common;
using Switchyard.Storage.Sql;

namespace Switchyard.Storage.Stores;

/// <summary>The registry's tables. Created or migrated at start-up.</summary>
internal static class RegistrySchema
{
    // Models carry a surrogate id so that a rename touches one row, and a next_version counter
    // so that a deleted version's number is never handed out again. Aliases hang off a version
    // and go with it (ON DELETE CASCADE, which needs PRAGMA foreign_keys=ON per connection).
    // Catalogs and schemas came later: a database from before them gains the two tables here, and
    // the server makes rows for the catalogs and schemas its models already name at start-up.
    // Models do not reference schema rows, since ALTER TABLE cannot add a foreign key.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS registered_models (
            id {id},
            catalog_name TEXT NOT NULL,
            schema_name TEXT NOT NULL,
            name TEXT NOT NULL,
            comment TEXT,
            owner TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            next_version INTEGER NOT NULL DEFAULT 1,
            UNIQUE (catalog_name, schema_name, name));
        CREATE TABLE IF NOT EXISTS model_versions (
            model_id INTEGER NOT NULL REFERENCES registered_models (id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            source TEXT NOT NULL,
            storage_location TEXT NOT NULL UNIQUE,
            flavor TEXT NOT NULL,
            signature TEXT NOT NULL,
            comment TEXT,
            created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            details TEXT,
            PRIMARY KEY (model_id, version));
        CREATE TABLE IF NOT EXISTS model_aliases (
            model_id INTEGER NOT NULL,
            alias TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (model_id, alias),
            FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version) ON DELETE CASCADE);
        CREATE TABLE IF NOT EXISTS catalogs (
            name TEXT PRIMARY KEY,
            comment TEXT,
            owner TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            updated_by TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS catalog_schemas (
            catalog_name TEXT NOT NULL REFERENCES catalogs (name),
            name TEXT NOT NULL,
            comment TEXT,
            owner TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            PRIMARY KEY (catalog_name, name));
        """;

    /// <summary>
    /// The registry part's schema versions (<see cref="SqlDatabase.Migrate"/>). Version 1 also adds
    /// <c>model_versions.details</c>, a column databases from before it lack.
    /// </summary>
    public static readonly IReadOnlyList<SchemaStep> Steps = [new(Create, new AddedColumn("model_versions", "details", "TEXT"))];
}
