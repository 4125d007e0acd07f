using Switchyard.Core.Registry;

namespace Switchyard.Server.Registry.Wire;

/// <summary>Converts registry records to their wire shapes at the edge.</summary>
internal static class RegistryWire
{
    public const string Ready = "READY";

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
