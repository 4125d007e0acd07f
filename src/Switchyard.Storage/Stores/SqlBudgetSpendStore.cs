using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Gateway;

namespace Switchyard.Storage.Stores;

/// <summary>The tokens spent against budgets, in the database (SQLite or PostgreSQL); additions are upserts.</summary>
public sealed class SqlBudgetSpendStore : IBudgetSpendStore
{
    private readonly SqlDatabase _database;

    public SqlBudgetSpendStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("budgets", BudgetSchema.Steps);
    }

    public async Task<long> ReadAsync(BudgetSpendKey key, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, """
            SELECT used_tokens FROM gateway_budget_spend
            WHERE endpoint = @endpoint AND rule = @rule AND subject = @subject AND period_start = @start
            """, ("@endpoint", key.Endpoint), ("@rule", key.Rule), ("@subject", key.Subject), ("@start", key.PeriodStart));
        return await command.ExecuteScalarAsync(ct) is long used ? used : 0;
    }

    public async Task<IReadOnlyList<BudgetSpend>> ListAsync(string endpoint, long periodStartAtLeast, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, """
            SELECT rule, subject, period_start, used_tokens FROM gateway_budget_spend
            WHERE endpoint = @endpoint AND period_start >= @start
            ORDER BY rule, subject, period_start
            """, ("@endpoint", endpoint), ("@start", periodStartAtLeast));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var spends = new List<BudgetSpend>();
        while (await reader.ReadAsync(ct))
        {
            spends.Add(new BudgetSpend(new BudgetSpendKey(endpoint, reader.GetString(0), reader.GetString(1), reader.GetInt64(2)), reader.GetInt64(3)));
        }

        return spends;
    }

    public async Task AddAsync(IReadOnlyCollection<BudgetSpend> spends, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var transaction = _database.BeginWrite(connection);
        foreach (var (key, used) in spends)
        {
            await using var command = DbCommands.Create(connection, transaction, """
                INSERT INTO gateway_budget_spend (endpoint, rule, subject, period_start, used_tokens)
                VALUES (@endpoint, @rule, @subject, @start, @used)
                ON CONFLICT (endpoint, rule, subject, period_start) DO UPDATE SET used_tokens = gateway_budget_spend.used_tokens + excluded.used_tokens
                """, ("@endpoint", key.Endpoint), ("@rule", key.Rule), ("@subject", key.Subject), ("@start", key.PeriodStart), ("@used", used));
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }
}
