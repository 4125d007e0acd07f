using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Core.Registry;

namespace Switchyard.Server.Registry;

/// <summary>
/// Gives the models of a database from before catalogs and schemas existed the containers they
/// name, before the server takes requests. The rows made here are owned by the admins group, and
/// each such model's owner is granted USE_CATALOG and USE_SCHEMA on them so that it can keep
/// adding versions to its models; creating new models there still needs a CREATE_MODEL grant.
/// Nothing is made when every model's catalog and schema exist, which is the case on any database
/// written since.
/// </summary>
internal sealed partial class CatalogBackfill(
    IRegistryStore registry, ICatalogStore catalogs, ISecurableGrantStore grants, TimeProvider time, ILogger<CatalogBackfill> logger) : IHostedService
{
    private const string Comment = "Made at start-up for models registered before catalogs and schemas existed.";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var knownCatalogs = (await catalogs.ListCatalogsAsync(ct)).Select(static catalog => catalog.Name).ToHashSet(StringComparer.Ordinal);
        var knownSchemas = (await catalogs.ListSchemasAsync(null, ct)).Select(static schema => schema.FullName).ToHashSet(StringComparer.Ordinal);
        var madeCatalogs = new HashSet<string>(StringComparer.Ordinal);
        var madeSchemas = new HashSet<string>(StringComparer.Ordinal);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var model in await registry.ListModelsAsync(null, null, ct))
        {
            var (catalog, schema) = (model.Name.Catalog, model.Name.Schema);
            var schemaName = $"{catalog}.{schema}";
            if (knownCatalogs.Add(catalog))
            {
                await catalogs.CreateCatalogAsync(catalog, Comment, CallerIdentity.AdminsGroup, now, ct);
                madeCatalogs.Add(catalog);
                Log.MadeCatalog(logger, catalog);
            }

            if (knownSchemas.Add(schemaName))
            {
                await catalogs.CreateSchemaAsync(catalog, schema, Comment, CallerIdentity.AdminsGroup, now, ct);
                madeSchemas.Add(schemaName);
                Log.MadeSchema(logger, schemaName);
            }

            if (madeCatalogs.Contains(catalog))
            {
                await GrantAsync(Securable.OfCatalog(catalog), model.Owner, CatalogPrivilege.UseCatalog, ct);
            }

            if (madeSchemas.Contains(schemaName))
            {
                await GrantAsync(Securable.OfSchema(catalog, schema), model.Owner, CatalogPrivilege.UseSchema, ct);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Task GrantAsync(Securable securable, string principal, string privilege, CancellationToken ct) =>
        grants.UpdateAsync(securable, [new GrantChange(principal, [privilege], [])], ct);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1120, Level = LogLevel.Information, Message = "Made catalog {Catalog}, owned by the admins group, for models registered before catalogs existed")]
        public static partial void MadeCatalog(ILogger logger, string catalog);

        [LoggerMessage(EventId = 1121, Level = LogLevel.Information, Message = "Made schema {Schema}, owned by the admins group, for models registered before schemas existed")]
        public static partial void MadeSchema(ILogger logger, string schema);
    }
}
