namespace Switchyard.Core.Registry;

/// <summary>
/// Durable registry metadata. Implementations (SQLite now, PostgreSQL later) are safe for
/// concurrent use. Methods throw <see cref="Errors.ServingException"/> for missing or duplicate
/// names so that every store answers the same way.
/// </summary>
public interface IRegistryStore
{
    Task<RegisteredModel> CreateModelAsync(ModelName name, string? comment, string principal, long now, CancellationToken ct);

    Task<RegisteredModel?> GetModelAsync(ModelName name, CancellationToken ct);

    /// <summary>Models ordered by full name (ordinal), optionally only those of one catalog and/or schema.</summary>
    Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(string? catalog, string? schema, CancellationToken ct);

    /// <summary>
    /// Renames and/or changes the comment or owner; a null argument leaves that part as it is.
    /// Renaming onto an existing model throws RESOURCE_ALREADY_EXISTS.
    /// </summary>
    Task<RegisteredModel> UpdateModelAsync(ModelName name, ModelName? newName, string? comment, string? owner, string principal, long now, CancellationToken ct);

    /// <summary>Deletes the model, its versions and aliases; answers the versions' storage folders for cleanup.</summary>
    Task<IReadOnlyList<string>> DeleteModelAsync(ModelName name, CancellationToken ct);

    /// <summary>
    /// Records a new version whose artifact is already in the model store. The store assigns the
    /// next number (1, 2, …) atomically and ignores <see cref="ModelVersion.Version"/> of the draft.
    /// </summary>
    Task<ModelVersion> AddVersionAsync(ModelVersion draft, CancellationToken ct);

    /// <summary>Every storage folder any version refers to, so that start-up can remove orphans.</summary>
    Task<IReadOnlyList<string>> ListStorageLocationsAsync(CancellationToken ct);

    Task<ModelVersion?> GetVersionAsync(ModelName name, int version, CancellationToken ct);

    /// <summary>The model's versions, lowest number first; throws RESOURCE_DOES_NOT_EXIST for an unknown model.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(ModelName name, CancellationToken ct);

    Task<ModelVersion> UpdateVersionAsync(ModelName name, int version, string? comment, string principal, long now, CancellationToken ct);

    /// <summary>Deletes one version and the aliases pointing at it; answers its storage folder.</summary>
    Task<string> DeleteVersionAsync(ModelName name, int version, CancellationToken ct);

    /// <summary>Points the alias at the version, moving it if it pointed elsewhere.</summary>
    Task<ModelAlias> SetAliasAsync(ModelName name, string alias, int version, CancellationToken ct);

    Task<ModelVersion?> GetVersionByAliasAsync(ModelName name, string alias, CancellationToken ct);

    Task DeleteAliasAsync(ModelName name, string alias, CancellationToken ct);
}
