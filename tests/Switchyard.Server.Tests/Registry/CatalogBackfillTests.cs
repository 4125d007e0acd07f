using Microsoft.Data.Sqlite;
using static Switchyard.Server.Tests.Registry.CatalogGrantKit;

namespace Switchyard.Server.Tests.Registry;

/// <summary>A database from before catalogs and schemas existed keeps working: its models get containers at start-up.</summary>
public sealed class CatalogBackfillTests
{
    [Fact]
    public async Task Models_of_an_older_database_get_catalogs_and_schemas_owned_by_admins_and_their_owners_keep_adding_versions()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (_, token) = await server.CreateUserWithTokenAsync("olga@example.com");
        await RegistryTestKit.CreateModelAsync(server, "main", "risk", "fraud");
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"{RegistryTestKit.Models}/main.risk.fraud", """{"owner": "olga@example.com"}"""));

        // Age the database: no catalog, schema or grant on them, as before they existed (and no schema versions, which came later still).
        await server.RestartAsync(() =>
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDir, "switchyard.db")};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE securable_grants; DROP TABLE catalog_schemas; DROP TABLE catalogs; DROP TABLE schema_versions;";
            command.ExecuteNonQuery();
        });

        var catalog = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Catalogs}/main"));
        var schema = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Schemas}/main.risk"));
        Assert.Equal("admins", (string?)catalog["owner"]);
        Assert.Equal("admins", (string?)schema["owner"]);
        Assert.Equal(new Dictionary<string, string[]> { ["olga@example.com"] = ["USE_CATALOG"] }, await GrantsAsync(server.Client, "catalog", "main"));
        Assert.Equal(new Dictionary<string, string[]> { ["olga@example.com"] = ["USE_SCHEMA"] }, await GrantsAsync(server.Client, "schema", "main.risk"));

        // The owner adds versions as before; a new model there needs CREATE_MODEL. (A restart drops the clients.)
        var olga = server.ClientFor(token);
        using var sample = RegistryTestKit.SampleModel();
        var archive = new ByteArrayContent(RegistryTestKit.TarGzOf(sample.Path));
        archive.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/gzip");
        await ApiAssert.OkJsonAsync(await olga.PostAsync($"{RegistryTestKit.Models}/main.risk.fraud/versions", archive));
        await ApiAssert.ErrorAsync(await CreateModelAsync(olga, "main", "risk", "churn"), 403, "PERMISSION_DENIED");

        // A later start finds nothing to make and changes nothing.
        await server.RestartAsync();
        Assert.Equal(new Dictionary<string, string[]> { ["olga@example.com"] = ["USE_CATALOG"] }, await GrantsAsync(server.Client, "catalog", "main"));
        Assert.Single((await ApiAssert.OkJsonAsync(await server.Client.GetAsync(Catalogs)))["catalogs"]!.AsArray());
    }
}
