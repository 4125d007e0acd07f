namespace Switchyard.Storage.Stores;

/// <summary>The identity tables. Created or migrated at start-up.</summary>
internal static class IdentitySchema
{
    // Memberships and tokens hang off their principal (and group) and go with it: ON DELETE
    // CASCADE, which needs PRAGMA foreign_keys=ON per connection. A token row holds the SHA-256
    // of the secret only, so the file never contains a usable token.
    public const string Create = """
        CREATE TABLE IF NOT EXISTS identity_principals (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            display_name TEXT NOT NULL,
            active INTEGER NOT NULL,
            UNIQUE (kind, name));
        CREATE TABLE IF NOT EXISTS identity_groups (
            id INTEGER PRIMARY KEY,
            display_name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS identity_group_members (
            group_id INTEGER NOT NULL REFERENCES identity_groups (id) ON DELETE CASCADE,
            principal_id INTEGER NOT NULL REFERENCES identity_principals (id) ON DELETE CASCADE,
            PRIMARY KEY (group_id, principal_id));
        CREATE TABLE IF NOT EXISTS identity_tokens (
            token_id TEXT PRIMARY KEY,
            principal_id INTEGER NOT NULL REFERENCES identity_principals (id) ON DELETE CASCADE,
            secret_hash BLOB NOT NULL,
            comment TEXT,
            creation_time INTEGER NOT NULL,
            expiry_time INTEGER,
            created_by INTEGER NOT NULL);
        """;

    /// <summary>The identity part's schema versions (<see cref="Sql.SqlDatabase.Migrate"/>).</summary>
    public static readonly IReadOnlyList<Sql.SchemaStep> Steps = [new(Create)];

}
