using Switchyard.Core.Registry;

namespace Switchyard.Server.Registry.Wire;

/// <summary>Converts registry records to their wire shapes at the edge.</summary>
internal static class RegistryWire
{
    public const string Ready = "READY";

    /// <summary>Every catalog here is what UC calls a managed catalog: its models live in this server's store.</summary>
    public const string ManagedCatalog = "MANAGED_CATALOG";

    public static CatalogInfo ToInfo(this Catalog catalog) => new(
        catalog.Name, catalog.Name, catalog.Comment, catalog.Owner, ManagedCatalog, catalog.CreatedAt, catalog.CreatedBy, catalog.UpdatedAt, catalog.UpdatedBy);

    public static SchemaInfo ToInfo(this CatalogSchema schema) => new(
        schema.Name, schema.CatalogName, schema.FullName, schema.Comment, schema.Owner, schema.CreatedAt, schema.CreatedBy, schema.UpdatedAt, schema.UpdatedBy);

    public static RegisteredModelInfo ToInfo(this RegisteredModel model) => new(
        model.Name.FullName,
        model.Name.Name,
        model.Name.Catalog,
        model.Name.Schema,
        model.Comment,
        model.Owner,
        model.CreatedAt,
        model.CreatedBy,
        model.UpdatedAt,
        model.UpdatedBy,
        [.. model.Aliases.Select(static alias => new RegisteredModelAlias(alias.AliasName, alias.VersionNum))]);

    /// <summary>
    /// The version's <c>id</c> is its store folder name, a GUID never reused; <c>storage_location</c>
    /// is that folder as a <c>file://</c> URI on this server.
    /// </summary>
    public static ModelVersionInfo ToInfo(this ModelVersion version, ModelStore store) => new(
        version.StorageLocation,
        version.Model.Name,
        version.Model.Catalog,
        version.Model.Schema,
        version.Version,
        Ready,
        version.Source,
        new Uri(store.DirectoryOf(version)).AbsoluteUri,
        version.Comment,
        version.CreatedAt,
        version.CreatedBy,
        version.UpdatedAt,
        version.UpdatedBy,
        [.. version.Aliases.Select(alias => new RegisteredModelAlias(alias, version.Version))],
        version.Flavor,
        new SignatureInfo(version.Signature.Inputs, version.Signature.Outputs),
        ModelDetailsInfo.Of(version));
}
