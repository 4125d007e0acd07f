using Switchyard.Core.Experiments;

namespace Switchyard.Core.Tests.Experiments;

public sealed class StatisticsTests
{
    // References from closed forms evaluated with Python's math module, independent of the
    // incomplete gamma and beta functions under test: Φ(z) = erfc(−z/√2)/2; χ²₁ survival
    // erfc(√(x/2)), χ²₂ e^(−x/2), χ²₃ erfc(√(x/2)) + √(2x/π)·e^(−x/2); t₁ (Cauchy) 1/2 + atan(t)/π,
    // t₂ 1/2 + t / (2√(2 + t²)).
    [Theory]
    [InlineData(1.96, 0.9750021048517795)]
    [InlineData(-3, 0.0013498980316300957)]
    [InlineData(0, 0.5)]
    public void NormalCdf_MatchesErfc(double z, double expected) =>
        Assert.Equal(expected, Statistics.NormalCdf(z), 1e-12);

    [Theory]
    [InlineData(10, 1, 0.0015654022580025488)]
    [InlineData(100, 1, 1.5239706048320995e-23)]
    [InlineData(7, 2, 0.0301973834223185)]
    [InlineData(4, 3, 0.26146412994911067)]
    public void ChiSquareSurvival_MatchesClosedForms(double x, double df, double expected) =>
        Assert.Equal(expected, Statistics.ChiSquareSurvival(x, df), expected * 1e-9);

    [Theory]
    [InlineData(2, 1, 0.8524163823495667)]
    [InlineData(-1, 1, 0.25)]
    [InlineData(1.5, 2, 0.8638034375544994)]
    public void StudentTCdf_MatchesClosedForms(double t, double df, double expected) =>
        Assert.Equal(expected, Statistics.StudentTCdf(t, df), 1e-12);

    [Theory]
    [InlineData(10, 2.228138851964938)]
    [InlineData(1, 12.706204736174707)]
    public void StudentTQuantile_InvertsTheCdf(double df, double expected) =>
        Assert.Equal(expected, Statistics.StudentTQuantile(0.975, df), 1e-8);

    [Fact]
    public void Srm_OnA55To45SplitOfAThousand_IsTheChiSquareOfTen()
    {
        Assert.Equal(0.0015654022580025488, Statistics.Srm([550, 450], [0.5, 0.5]), 1e-12);
        Assert.Equal(1, Statistics.Srm([5000, 5000], [0.5, 0.5]));
    }

    [Fact]
    public void Srm_LeavesOutArmsPromisedNothing_AndNeedsTwoArms()
    {
        Assert.Equal(Statistics.Srm([550, 450], [0.5, 0.5]), Statistics.Srm([550, 450, 7], [0.5, 0.5, 0]), 1e-15);
        Assert.Equal(1, Statistics.Srm([100], [1.0]));
        Assert.Equal(1, Statistics.Srm([0, 0], [0.5, 0.5]));
    }

    [Fact]
    public void Welch_EqualSizesAndVariances_IsTheStudentTestWithPooledDegrees()
    {
        // With equal n and variances Welch's df is 2n − 2 and its t the pooled t: 1 / √(0.2).
        var result = Statistics.Welch(new SampleSummary(10, 0, 1), new SampleSummary(10, 1, 1));
        var t = 1 / Math.Sqrt(0.2);
        Assert.Equal(1, result.Delta, 1e-15);
        Assert.Equal(2 * Statistics.StudentTCdf(-t, 18), result.PValue, 1e-12);
        var half = Statistics.StudentTQuantile(0.975, 18) * Math.Sqrt(0.2);
        Assert.Equal(1 - half, result.CiLow, 1e-9);
        Assert.Equal(1 + half, result.CiHigh, 1e-9);
    }

    [Fact]
    public void Welch_WithTooFewValues_SaysNothing()
    {
        var result = Statistics.Welch(new SampleSummary(1, 0, 0), new SampleSummary(10, 1, 1));
        Assert.True(double.IsNaN(result.PValue));
    }

    [Fact]
    public void TwoProportions_MatchesThePooledZTest()
    {
        var result = Statistics.TwoProportions(50, 100, 60, 100);
        Assert.Equal(0.1, result.Delta, 1e-12);
        Assert.Equal(0.15521848968468402, result.PValue, 1e-9);
        var half = Statistics.Z95 * Math.Sqrt(0.5 * 0.5 / 100 + 0.6 * 0.4 / 100);
        Assert.Equal(0.1 - half, result.CiLow, 1e-12);
    }

    [Fact]
    public void MsprtPValue_MatchesTheMixtureLikelihoodRatio()
    {
        // V = τ² = 1, Δ = 3: Λ = √(1/2)·e^(9/4).
        Assert.Equal(0.14905701283899597, Statistics.MsprtPValue(3, 1, 1), 1e-12);
        Assert.Equal(1, Statistics.MsprtPValue(0, 1, 1));
    }

    [Fact]
    public void MsprtPValue_LookedAtAfterEveryBatch_KeepsFalsePositivesUnderAlpha()
    {
        // An A/A test looked at 100 times: a t-test peeked at that often rejects far more than 5% of
        // the time; the always-valid p-value's running minimum must not (its guarantee is ≤ α).
        var random = new Random(16);
        const int Runs = 400;
        var rejected = 0;
        for (var run = 0; run < Runs; run++)
        {
            double sumA = 0, sumB = 0;
            var minimum = 1.0;
            for (var look = 1; look <= 100; look++)
            {
                for (var i = 0; i < 20; i++)
                {
                    sumA += Normal(random);
                    sumB += Normal(random);
                }

                var n = look * 20;
                minimum = Math.Min(minimum, Statistics.MsprtPValue(sumB / n - sumA / n, 2.0 / n, 0.01));
            }

            rejected += minimum < 0.05 ? 1 : 0;
        }

        // Binomial(400, 0.05) has mean 20 and σ 4.4: 36 is 3.7σ above a true rate of 5%.
        Assert.InRange(rejected, 0, 36);
    }

    [Fact]
    public void MsprtPValue_FindsARealDifference()
    {
        var random = new Random(7);
        double sumA = 0, sumB = 0;
        const int N = 2000;
        for (var i = 0; i < N; i++)
        {
            sumA += Normal(random);
            sumB += Normal(random) + 0.3;
        }

        Assert.True(Statistics.MsprtPValue(sumB / N - sumA / N, 2.0 / N, 0.01) < 0.001);
    }

    [Fact]
    public void Quantile_IsTheNearestRank()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        Assert.Equal(50, Statistics.Quantile(values, 0.5));
        Assert.Equal(99, Statistics.Quantile(values, 0.99));
        Assert.Equal(100, Statistics.Quantile(values, 1));
        Assert.True(double.IsNaN(Statistics.Quantile([], 0.5)));
    }

    [Fact]
    public void SampleSummary_Of_GivesMeanAndUnbiasedVariance()
    {
        var summary = SampleSummary.Of([1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4]);
        Assert.Equal(4, summary.Count);
        Assert.Equal(1e9 + 2.5, summary.Mean, 1e-6);
        Assert.Equal(5.0 / 3, summary.Variance, 1e-6);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
