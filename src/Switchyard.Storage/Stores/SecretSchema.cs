namespace Switchyard.Storage.Stores;

/// <summary>The secrets' tables. Created or migrated at start-up.</summary>
internal static class SecretSchema
{
    // A scope's ACL and values go with it (ON DELETE CASCADE). Values are only ever ciphertext;
    // permissions are stored as their level (1 READ, 2 WRITE, 3 MANAGE) so MAX() picks the best.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS secret_scopes (
            name TEXT PRIMARY KEY,
            creator TEXT NOT NULL,
            created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS secret_acls (
            scope TEXT NOT NULL REFERENCES secret_scopes (name) ON DELETE CASCADE,
            principal TEXT NOT NULL,
            permission INTEGER NOT NULL,
            PRIMARY KEY (scope, principal));
        CREATE TABLE IF NOT EXISTS secrets (
            scope TEXT NOT NULL REFERENCES secret_scopes (name) ON DELETE CASCADE,
            key TEXT NOT NULL,
            ciphertext BLOB NOT NULL,
            nonce BLOB NOT NULL,
            tag BLOB NOT NULL,
            last_updated INTEGER NOT NULL,
            PRIMARY KEY (scope, key));
        """;

    /// <summary>The secrets part's schema versions (<see cref="Sql.SqlDatabase.Migrate"/>).</summary>
    public static readonly IReadOnlyList<Sql.SchemaStep> Steps = [new(Create)];

}
