using System.Data.Common;
using Switchyard.Core.Permissions;
using Switchyard.Storage.Sql;

namespace Switchyard.Storage.Stores;

/// <summary>
/// What the grant tables (model grants, securable grants) share: one row per securable, principal
/// and privilege, read back as each principal's privileges, and changed in one transaction.
/// </summary>
internal static class GrantRows
{
    /// <summary>Reads <c>(principal, privilege)</c> rows, ordered by principal, into each principal's privileges.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ReadAsync(DbCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var grants = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var principal = reader.GetString(0);
            grants[principal] = [.. grants.GetValueOrDefault(principal) ?? [], reader.GetString(1)];
        }

        return grants;
    }

    /// <summary>
    /// Applies <paramref name="changes"/> in one transaction: <paramref name="insert"/> for each privilege added,
    /// <paramref name="delete"/> for each removed, both naming <c>@principal</c> and <c>@privilege</c> beside the securable's <paramref name="securable"/> parameters.
    /// </summary>
    public static async Task ApplyAsync(
        SqlDatabase database, IReadOnlyList<GrantChange> changes, string insert, string delete, (string Name, object? Value)[] securable, CancellationToken ct)
    {
        await using var connection = database.Open();
        await using var transaction = database.BeginWrite(connection);
        foreach (var change in changes)
        {
            foreach (var privilege in change.Add)
            {
                await ExecuteAsync(connection, transaction, insert, securable, change.Principal, privilege, ct);
            }

            foreach (var privilege in change.Remove)
            {
                await ExecuteAsync(connection, transaction, delete, securable, change.Principal, privilege, ct);
            }
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task ExecuteAsync(
        DbConnection connection, DbTransaction transaction, string sql, (string Name, object? Value)[] securable, string principal, string privilege, CancellationToken ct)
    {
        await using var command = DbCommands.Create(connection, transaction, sql, [.. securable, ("@principal", principal), ("@privilege", privilege)]);
        await command.ExecuteNonQueryAsync(ct);
    }
}
