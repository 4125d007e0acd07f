using Switchyard.Core.Endpoints;

namespace Switchyard.Core.Experiments;

/// <summary>
/// The traffic split of a rollout step: the candidate takes its step's share and the baseline's
/// routed entities share the rest in the proportions they had in the baseline config.
/// </summary>
public static class RolloutSplit
{
    /// <summary>
    /// Every route of <paramref name="baseline"/> (in its order; the candidate appended when it had
    /// none) with its share in basis points. The rest is divided by largest remainder, ties to the
    /// earlier route, so the shares always sum to 10000.
    /// </summary>
    public static IReadOnlyList<(string Name, int BasisPoints)> Shares(IReadOnlyList<TrafficRoute> baseline, string candidate, int candidateBasisPoints)
    {
        var rest = AssignmentTotal - candidateBasisPoints;
        long weightSum = 0;
        foreach (var route in baseline)
        {
            if (route.ServedModelName != candidate)
            {
                weightSum += route.BasisPoints;
            }
        }

        var shares = new List<(string Name, int BasisPoints)>(baseline.Count + 1);
        var remainders = new List<(int Index, long Remainder)>();
        var given = 0;
        foreach (var route in baseline)
        {
            if (route.ServedModelName == candidate)
            {
                shares.Add((candidate, candidateBasisPoints));
                continue;
            }

            var exact = (long)rest * route.BasisPoints;
            var share = weightSum == 0 ? 0 : (int)(exact / weightSum);
            remainders.Add((shares.Count, weightSum == 0 ? 0 : exact % weightSum));
            shares.Add((route.ServedModelName, share));
            given += share;
        }

        if (!baseline.Any(r => r.ServedModelName == candidate))
        {
            shares.Add((candidate, candidateBasisPoints));
        }

        // Only routes that had a share take a remainder: a baseline entity at 0 stays at 0.
        remainders.Sort(static (a, b) => a.Remainder != b.Remainder ? b.Remainder.CompareTo(a.Remainder) : a.Index.CompareTo(b.Index));
        var left = rest - given;
        foreach (var (index, _) in remainders)
        {
            if (left == 0)
            {
                break;
            }

            if (baseline.First(r => r.ServedModelName == shares[index].Name).BasisPoints > 0)
            {
                shares[index] = (shares[index].Name, shares[index].BasisPoints + 1);
                left--;
            }
        }

        return shares;
    }

    private const int AssignmentTotal = 10_000;
}
