namespace Switchyard.Core.Tests.Routing;

/// <summary>Pearson's chi-square goodness-of-fit statistic and the critical values the tests use.</summary>
public static class ChiSquare
{
    /// <summary>Critical values at significance 0.001 for 1 to 4 degrees of freedom.</summary>
    public static readonly double[] CriticalAt0001 = [10.828, 13.816, 16.266, 18.467];

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
}
