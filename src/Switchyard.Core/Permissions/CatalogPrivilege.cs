namespace Switchyard.Core.Permissions;

/// <summary>
/// The Unity Catalog privileges catalogs and schemas grant. A privilege granted on a catalog
/// applies to every schema in it; <c>ALL_PRIVILEGES</c> stands for all of those its securable takes.
/// Creating a model needs USE_CATALOG on its catalog and USE_SCHEMA and CREATE_MODEL on its schema;
/// creating a schema needs USE_CATALOG and CREATE_SCHEMA on its catalog.
/// </summary>
public static class CatalogPrivilege
{
    public const string UseCatalog = "USE_CATALOG";
    public const string UseSchema = "USE_SCHEMA";
    public const string CreateSchema = "CREATE_SCHEMA";
    public const string CreateModel = "CREATE_MODEL";
    public const string AllPrivileges = "ALL_PRIVILEGES";

    private static readonly string[] OnCatalog = [UseCatalog, UseSchema, CreateSchema, CreateModel, AllPrivileges];
    private static readonly string[] OnSchema = [UseSchema, CreateModel, AllPrivileges];

    /// <summary>The privileges a grant on this kind of securable may name, in the order error messages list them.</summary>
    public static IReadOnlyList<string> ValidOn(SecurableKind kind) => kind == SecurableKind.Catalog ? OnCatalog : OnSchema;
}
