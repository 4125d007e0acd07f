namespace Switchyard.Testing.Statistics;

/// <summary>
/// Pearson's chi-square goodness of fit for the tests that draw at random (the unseeded traffic
/// split), judged at significance one in a million. The suite holds about ten such checks and CI
/// must not go red by chance: at 0.001 one CI run in a hundred would fail with nothing wrong, at
/// 10⁻⁶ one in a hundred thousand. The tests that can afford it draw more to keep their power.
/// Compiled into each test project that needs it (no project of its own for one class).
/// </summary>
internal static class ChiSquare
{
    public const double Significance = 1e-6;

    /// <summary>The statistic's critical value at <see cref="Significance"/> for 1 to 4 degrees of freedom.</summary>
    public static double Critical(int degreesOfFreedom) => degreesOfFreedom switch
    {
        1 => 23.928,
        2 => 27.631,
        3 => 30.665,
        4 => 33.377,
        _ => throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "tabulated for 1 to 4"),
    };

    public static double Statistic(IReadOnlyList<int> observed, IReadOnlyList<double> expectedShares)
    {
        var total = observed.Sum();
        var statistic = 0.0;
        for (var i = 0; i < observed.Count; i++)
        {
            var expected = total * expectedShares[i];
            statistic += (observed[i] - expected) * (observed[i] - expected) / expected;
        }

        return statistic;
    }

    /// <summary>Fails unless <paramref name="observed"/> fits <paramref name="expectedShares"/> at <see cref="Significance"/>.</summary>
    public static void AssertFits(IReadOnlyList<int> observed, params IReadOnlyList<double> expectedShares)
    {
        var statistic = Statistic(observed, expectedShares);
        var critical = Critical(observed.Count - 1);
        Assert.True(
            statistic < critical,
            $"observed {string.Join('/', observed)} against shares {string.Join('/', expectedShares)}: chi-square {statistic:F2} >= {critical}");
    }
}
