namespace Switchyard.Bench.Reporting;

/// <summary>
/// Two sides measured in interleaved rounds (A B A B …). The ratio is taken within each round,
/// so slow drift of the machine cancels, and reported as the median of rounds with its spread.
/// </summary>
public sealed class Comparison(string title, string sideA, string sideB)
{
    private readonly List<(SideRound A, SideRound B)> _rounds = [];

    public string Title => title;

    public string SideA => sideA;

    public string SideB => sideB;

    public int Rounds => _rounds.Count;

    public void Add(SideRound a, SideRound b) => _rounds.Add((a, b));

    public double[] Ratios() => [.. _rounds.Select(static r => r.A.Load.RequestsPerSecond / r.B.Load.RequestsPerSecond)];

    public SideRound MedianA() => MedianOf(_rounds.Select(static r => r.A));

    public SideRound MedianB() => MedianOf(_rounds.Select(static r => r.B));

    public long Errors => _rounds.Sum(static r => r.A.Load.Errors + r.B.Load.Errors);

    public IReadOnlyList<(SideRound A, SideRound B)> All => _rounds;

    private static SideRound MedianOf(IEnumerable<SideRound> sides)
    {
        var list = sides.ToList();
        return new SideRound(
            new LoadResult(
                Median(list.Select(static s => s.Load.RequestsPerSecond)),
                Median(list.Select(static s => s.Load.P50Micros)),
                Median(list.Select(static s => s.Load.P99Micros)),
                list.Sum(static s => s.Load.Errors)),
            Median(list.Select(static s => s.ServerCores)),
            Median(list.Select(static s => s.ServerCpuMicrosPerRequest)),
            Median(list.Select(static s => s.ClientCores)),
            Median(list.Select(static s => s.ForeignCores)),
            Median(list.Select(static s => s.BytesPerRequest)));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
