namespace Switchyard.Core.Permissions;

/// <summary>The kinds of container that carry Unity-Catalog-style privileges (registered models have their own grants).</summary>
public enum SecurableKind
{
    Catalog,
    Schema,
}

/// <summary>A catalog (<c>main</c>) or a schema (<c>main.risk</c>) that privileges are granted on.</summary>
public readonly record struct Securable(SecurableKind Kind, string FullName)
{
    public static Securable OfCatalog(string catalog) => new(SecurableKind.Catalog, catalog);

    public static Securable OfSchema(string catalog, string schema) => new(SecurableKind.Schema, $"{catalog}.{schema}");

    /// <summary>The wire's securable type, as the permissions path spells it.</summary>
    public string TypeName => Kind == SecurableKind.Catalog ? "catalog" : "schema";

    public override string ToString() => $"{TypeName} '{FullName}'";
}
