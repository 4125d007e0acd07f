using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Core.Identity;
using Switchyard.Core.Secrets;
using Switchyard.Server.Secrets;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Providers.Tests;

/// <summary>
/// The stores a server resolves provider keys from: SQLite identity and secret stores in a
/// temporary folder, and the server's own resolver. Ana (group data-scientists) and Bob exist.
/// </summary>
internal sealed class TestKeys : IDisposable
{
    public const string Ana = "ana@example.com";
    public const string Bob = "bob@example.com";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"switchyard-providers-{Guid.NewGuid():N}");
    private readonly SecretCipher _cipher = new(RandomNumberGenerator.GetBytes(SecretCipher.KeySize));

    private TestKeys()
    {
        Directory.CreateDirectory(_folder);
        var database = new SqliteDatabase(Path.Combine(_folder, "test.db"));
        Identities = new SqlIdentityStore(database);
        Secrets = new SqlSecretStore(database);
        Resolver = new SecretResolver(Secrets, _cipher, NullLogger<SecretResolver>.Instance);
    }

    public SqlIdentityStore Identities { get; }

    public SqlSecretStore Secrets { get; }

    public ISecretResolver Resolver { get; }

    public static async Task<TestKeys> CreateAsync()
    {
        var keys = new TestKeys();
        var ana = await keys.Identities.CreatePrincipalAsync(PrincipalKind.User, Ana, "Ana", true, CancellationToken.None);
        await keys.Identities.CreatePrincipalAsync(PrincipalKind.User, Bob, "Bob", true, CancellationToken.None);
        await keys.Identities.CreateGroupAsync("data-scientists", [ana.Id], CancellationToken.None);
        return keys;
    }

    /// <summary>Puts a secret in <paramref name="scope"/> (created if new), readable by <paramref name="reader"/>.</summary>
    public async Task PutAsync(string scope, string key, string value, string reader)
    {
        await Secrets.CreateScopeAsync(new SecretScope(scope, "admin", 0), [], CancellationToken.None);
        await Secrets.PutAclAsync(scope, new SecretAclEntry(reader, SecretPermission.Read), CancellationToken.None);
        await Secrets.PutSecretAsync(scope, key, _cipher.Seal(scope, key, Encoding.UTF8.GetBytes(value)), 0, CancellationToken.None);
    }

    public void Dispose()
    {
        _cipher.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
