namespace Switchyard.Core.Registry;

/// <summary>A registered model: a named family of versions. Timestamps are epoch milliseconds.</summary>
public sealed record RegisteredModel(
    ModelName Name,
    string? Comment,
    string Owner,
    long CreatedAt,
    string CreatedBy,
    long UpdatedAt,
    string UpdatedBy,
    IReadOnlyList<ModelAlias> Aliases);

/// <summary>An alias such as <c>champion</c> pointing at one version.</summary>
public sealed record ModelAlias(string AliasName, int VersionNum);
