namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// Writes the budgets' charges to the store in the background: as soon as something is charged,
/// then at most once per <see cref="FlushInterval"/>, so a burst of queries is one transaction,
/// and a charge reaches the database within about <see cref="FlushInterval"/> plus one write.
/// The interval is real time, not the server's <see cref="TimeProvider"/>: it is about what a
/// crash may lose, not about which period a charge belongs to. Stopping writes what is pending.
/// </summary>
public sealed class BudgetWriter(BudgetLedger ledger, TimeProvider time) : BackgroundService
{
    /// <summary>The longest a charge waits for the next write to begin.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await ledger.WaitForChargesAsync(stoppingToken))
        {
            await ledger.WriteAsync(time.GetUtcNow().ToUnixTimeSeconds(), CancellationToken.None);
            try
            {
                await Task.Delay(FlushInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await ledger.WriteAsync(time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken);
    }
}
