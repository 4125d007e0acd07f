using System.Text.Json;
using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;

namespace Switchyard.Storage.Stores;

/// <summary>
/// Endpoints in the database: one row per endpoint holding its whole state as a JSON document, so a
/// config swap is one atomic row write.
/// </summary>
public sealed class SqlEndpointStore : IEndpointStore
{
    private readonly SqlDatabase _database;

    public SqlEndpointStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("serving_endpoints", [new("""
            CREATE TABLE IF NOT EXISTS serving_endpoints (
                name TEXT PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                document TEXT NOT NULL
            );
            """)]);
    }

    public async Task CreateAsync(ServingEndpoint endpoint, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO serving_endpoints (name, id, document) VALUES (@name, @id, @document)";
        command.AddParameter("@name", endpoint.Name);
        command.AddParameter("@id", endpoint.Id);
        command.AddParameter("@document", Serialize(endpoint));
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (DbException error) when (_database.Dialect.IsConstraintViolation(error))
        {
            throw ServingException.AlreadyExists($"Serving endpoint with name {endpoint.Name} already exists");
        }
    }

    public async Task<ServingEndpoint?> GetAsync(string name, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM serving_endpoints WHERE name = @name";
        command.AddParameter("@name", name);
        return await command.ExecuteScalarAsync(ct) is string document ? Deserialize(document) : null;
    }

    public async Task<ServingEndpoint?> GetByIdAsync(string id, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM serving_endpoints WHERE id = @id";
        command.AddParameter("@id", id);
        return await command.ExecuteScalarAsync(ct) is string document ? Deserialize(document) : null;
    }

    public async Task<IReadOnlyList<ServingEndpoint>> ListAsync(CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM serving_endpoints ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var endpoints = new List<ServingEndpoint>();
        while (await reader.ReadAsync(ct))
        {
            endpoints.Add(Deserialize(reader.GetString(0)));
        }

        return endpoints;
    }

    public async Task SaveAsync(ServingEndpoint endpoint, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE serving_endpoints SET document = @document WHERE name = @name";
        command.AddParameter("@name", endpoint.Name);
        command.AddParameter("@document", Serialize(endpoint));
        if (await command.ExecuteNonQueryAsync(ct) == 0)
        {
            throw ServingException.NotFound($"Serving endpoint with name {endpoint.Name} not found");
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM serving_endpoints WHERE name = @name";
        command.AddParameter("@name", name);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    private static string Serialize(ServingEndpoint endpoint) =>
        JsonSerializer.Serialize(endpoint, StoredJsonContext.Default.ServingEndpoint);

    private static ServingEndpoint Deserialize(string document) =>
        JsonSerializer.Deserialize(document, StoredJsonContext.Default.ServingEndpoint)
        ?? throw new InvalidDataException("An endpoint row holds an empty document.");
}
