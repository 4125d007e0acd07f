using System.Text.Json;
using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Registry;
using Switchyard.Core.Runtimes;

namespace Switchyard.Storage.Stores;

/// <summary>Turns registry rows into domain records; column lists and readers stay side by side.</summary>
internal static class RegistryRows
{
    public const string ModelColumns =
        "m.id, m.catalog_name, m.schema_name, m.name, m.comment, m.owner, m.created_at, m.created_by, m.updated_at, m.updated_by";

    public const string VersionColumns =
        "m.catalog_name, m.schema_name, m.name, v.version, v.source, v.storage_location, v.flavor, v.signature, v.comment, " +
        "v.created_at, v.created_by, v.updated_at, v.updated_by, v.model_id, v.details";

    public static (long Id, RegisteredModel Model) ReadModel(DbDataReader row, IReadOnlyList<ModelAlias> aliases) =>
        (row.GetInt64(0), new RegisteredModel(
            new ModelName(row.GetString(1), row.GetString(2), row.GetString(3)),
            row.IsDBNull(4) ? null : row.GetString(4),
            row.GetString(5),
            row.GetInt64(6),
            row.GetString(7),
            row.GetInt64(8),
            row.GetString(9),
            aliases));

    /// <summary>Reads a version row; its aliases come from <paramref name="aliasesOf"/> keyed by (model id, version).</summary>
    public static ModelVersion ReadVersion(DbDataReader row, ILookup<(long, int), string> aliasesOf)
    {
        var version = row.GetInt32(3);
        var modelId = row.GetInt64(13);
        return new ModelVersion(
            new ModelName(row.GetString(0), row.GetString(1), row.GetString(2)),
            version,
            row.GetString(4),
            row.GetString(5),
            row.GetString(6),
            DeserializeSignature(row.GetString(7)),
            row.IsDBNull(8) ? null : row.GetString(8),
            row.GetInt64(9),
            row.GetString(10),
            row.GetInt64(11),
            row.GetString(12),
            [.. aliasesOf[(modelId, version)]],
            row.IsDBNull(14) ? null : JsonSerializer.Deserialize(row.GetString(14), StorageJsonContext.Default.FoundationModelDetails));
    }

    public static string? SerializeDetails(FoundationModelDetails? details) =>
        details is null ? null : JsonSerializer.Serialize(details, StorageJsonContext.Default.FoundationModelDetails);

    public static string SerializeSignature(ModelSignature signature) =>
        JsonSerializer.Serialize(signature, StorageJsonContext.Default.ModelSignature);

    private static ModelSignature DeserializeSignature(string json) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.ModelSignature) ?? new ModelSignature([], []);
}
