using System.Globalization;

namespace Switchyard.Bench.Driving;

/// <summary>
/// Runs a comparison's rounds the way a shared 2-core box demands: each round starts behind the
/// <see cref="QuietGate"/>; a round in which other work took more than
/// <see cref="BenchSession.ForeignLimit"/> cores during any side is run again (up to a cap, then
/// kept and counted), since that work landed on one side only; and the CPU steal over all rounds
/// is read. <see cref="Describe"/> is the report's sentence on all of it.
/// </summary>
public sealed class QuietRounds(int rounds, int maxReruns, TimeSpan patience)
{
    private int _noisyStarts;
    private int _reruns;
    private int _kept;
    private double _stealPercent;

    /// <summary>
    /// Measures <c>rounds</c> rounds with <paramref name="measure"/> (given the round's number, the
    /// same again when it is rerun) and answers the kept ones; <paramref name="foreignCores"/> is
    /// the most other work took during any side of a round.
    /// </summary>
    public async Task<List<T>> RunAsync<T>(Func<int, Task<T>> measure, Func<T, double> foreignCores)
    {
        var kept = new List<T>();
        var stealBefore = MachineInfo.CpuJiffies();
        for (var round = 1; round <= rounds; round++)
        {
            var (busy, quiet) = await QuietGate.WaitAsync(patience);
            if (!quiet)
            {
                _noisyStarts++;
                BenchSession.Log(string.Create(CultureInfo.InvariantCulture, $"machine still {busy:P0} busy with other work; measuring round {round} anyway"));
            }

            var result = await measure(round);
            var foreign = foreignCores(result);
            if (foreign > BenchSession.ForeignLimit && _reruns < maxReruns)
            {
                _reruns++;
                BenchSession.Log(string.Create(CultureInfo.InvariantCulture, $"round {round} disturbed (other work took up to {foreign:F2} cores); running it again"));
                round--;
                continue;
            }

            if (foreign > BenchSession.ForeignLimit)
            {
                _kept++;
            }

            kept.Add(result);
        }

        var stealAfter = MachineInfo.CpuJiffies();
        var total = stealAfter.Total - stealBefore.Total;
        _stealPercent = total > 0 ? 100.0 * (stealAfter.Steal - stealBefore.Steal) / total : 0;
        return kept;
    }

    /// <summary>Steal, noisy starts, reruns and disturbed rounds kept, as one sentence for the report's header.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"CPU steal during the rounds {_stealPercent:F1}%; rounds started on a machine still busy with other work: {_noisyStarts}; rounds rerun because other work took over {BenchSession.ForeignLimit:F2} cores during a side: {_reruns}, kept anyway after too many reruns: {_kept}.");
}
