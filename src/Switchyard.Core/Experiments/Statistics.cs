namespace Switchyard.Core.Experiments;

/// <summary>
/// The tests an experiment's readout, shadow report and rollout gates use: the sample-ratio
/// mismatch χ² test, Welch's t-test, the two-proportion z-test and the mixture sequential
/// probability ratio test (mSPRT) whose p-value stays valid however often it is looked at.
/// The distributions are computed here (regularized incomplete gamma and beta functions, as in
/// Numerical Recipes §6.2 and §6.4) so the figures are the same on every machine and need no package.
/// </summary>
public static class Statistics
{
    /// <summary>The two-sided 95% quantile of the standard normal distribution.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>P(Z ≤ z) for a standard normal Z.</summary>
    public static double NormalCdf(double z) =>
        z < 0 ? 0.5 * Erfc(-z / Math.Sqrt(2)) : 1 - 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>P(X ≥ x) for X χ²-distributed with <paramref name="df"/> degrees of freedom.</summary>
    public static double ChiSquareSurvival(double x, double df) =>
        x <= 0 ? 1 : UpperGamma(df / 2, x / 2);

    /// <summary>P(T ≤ t) for T Student-t distributed with <paramref name="df"/> degrees of freedom (df may be fractional, as Welch's is).</summary>
    public static double StudentTCdf(double t, double df)
    {
        var tail = 0.5 * RegularizedBeta(df / (df + t * t), df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The <paramref name="p"/> quantile of Student's t with <paramref name="df"/> degrees of freedom, by bisection on the CDF.</summary>
    public static double StudentTQuantile(double p, double df)
    {
        double low = -1e6, high = 1e6;
        for (var i = 0; i < 200 && high - low > 1e-12 * Math.Max(1, Math.Abs(low)); i++)
        {
            var middle = (low + high) / 2;
            if (StudentTCdf(middle, df) < p)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return (low + high) / 2;
    }

    /// <summary>
    /// The sample-ratio-mismatch test: the p-value of Pearson's χ² goodness of fit of the units each
    /// arm got (<paramref name="observed"/>) against the shares the split promised. An arm promised
    /// nothing is left out. 1 when there is nothing to test (fewer than two arms, or no units).
    /// </summary>
    public static double Srm(IReadOnlyList<long> observed, IReadOnlyList<double> expectedShares)
    {
        if (observed.Count != expectedShares.Count)
        {
            throw new ArgumentException("One expected share per arm.", nameof(expectedShares));
        }

        double total = 0, shares = 0;
        var arms = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            if (expectedShares[i] > 0)
            {
                total += observed[i];
                shares += expectedShares[i];
                arms++;
            }
        }

        if (arms < 2 || total == 0)
        {
            return 1;
        }

        double chiSquare = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            if (expectedShares[i] > 0)
            {
                var expected = total * expectedShares[i] / shares;
                var gap = observed[i] - expected;
                chiSquare += gap * gap / expected;
            }
        }

        return ChiSquareSurvival(chiSquare, arms - 1);
    }

    /// <summary>
    /// Welch's t-test of the difference of two means (unequal variances), with the
    /// Welch–Satterthwaite degrees of freedom: Δ = treatment − control, its 95% CI and the
    /// two-sided p-value. NaN figures when either side has fewer than two values.
    /// </summary>
    public static Comparison Welch(SampleSummary control, SampleSummary treatment)
    {
        var delta = treatment.Mean - control.Mean;
        if (control.Count < 2 || treatment.Count < 2)
        {
            return new Comparison(delta, double.NaN, double.NaN, double.NaN);
        }

        var controlShare = control.Variance / control.Count;
        var treatmentShare = treatment.Variance / treatment.Count;
        var variance = controlShare + treatmentShare;
        if (variance == 0)
        {
            // Both sides constant: the difference is exactly what it is.
            return new Comparison(delta, delta, delta, delta == 0 ? 1 : 0);
        }

        var df = variance * variance
            / (controlShare * controlShare / (control.Count - 1) + treatmentShare * treatmentShare / (treatment.Count - 1));
        var standardError = Math.Sqrt(variance);
        var t = delta / standardError;
        var p = 2 * StudentTCdf(-Math.Abs(t), df);
        var half = StudentTQuantile(0.975, df) * standardError;
        return new Comparison(delta, delta - half, delta + half, Math.Min(1, p));
    }

    /// <summary>
    /// The two-proportion z-test: Δ = treatment rate − control rate, its 95% Wald CI (unpooled)
    /// and the two-sided p-value of the pooled z statistic. NaN figures when either side has no trials.
    /// </summary>
    public static Comparison TwoProportions(long controlSuccesses, long controlTrials, long treatmentSuccesses, long treatmentTrials)
    {
        if (controlTrials == 0 || treatmentTrials == 0)
        {
            return new Comparison(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var controlRate = (double)controlSuccesses / controlTrials;
        var treatmentRate = (double)treatmentSuccesses / treatmentTrials;
        var delta = treatmentRate - controlRate;
        var pooled = (double)(controlSuccesses + treatmentSuccesses) / (controlTrials + treatmentTrials);
        var pooledError = Math.Sqrt(pooled * (1 - pooled) * (1.0 / controlTrials + 1.0 / treatmentTrials));
        var p = pooledError == 0 ? (delta == 0 ? 1 : 0) : 2 * NormalCdf(-Math.Abs(delta / pooledError));
        var half = Z95 * Math.Sqrt(controlRate * (1 - controlRate) / controlTrials + treatmentRate * (1 - treatmentRate) / treatmentTrials);
        return new Comparison(delta, delta - half, delta + half, Math.Min(1, p));
    }

    /// <summary>
    /// The always-valid p-value of the normal-mixture SPRT (Johari, Pekelis and Walsh, "Always
    /// valid inference", 2017) at one look: with <paramref name="delta"/> the observed difference,
    /// <paramref name="variance"/> its variance (σ²_c/n_c + σ²_t/n_t) and a N(0, τ²) mixing prior,
    /// Λ = √(V / (V + τ²)) · exp(τ² Δ² / (2 V (V + τ²))) and p = min(1, 1/Λ). A readout that looks
    /// repeatedly keeps the running minimum over its looks.
    /// </summary>
    public static double MsprtPValue(double delta, double variance, double tau2)
    {
        if (!(variance > 0) || !(tau2 > 0) || double.IsNaN(delta))
        {
            return 1;
        }

        var logLikelihoodRatio = 0.5 * Math.Log(variance / (variance + tau2))
            + tau2 * delta * delta / (2 * variance * (variance + tau2));
        return logLikelihoodRatio <= 0 ? 1 : Math.Exp(-logLikelihoodRatio);
    }

    /// <summary>The nearest-rank <paramref name="q"/> quantile of values sorted ascending; NaN when there are none.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>erfc(x) = Q(1/2, x²) for x ≥ 0.</summary>
    private static double Erfc(double x) => x == 0 ? 1 : UpperGamma(0.5, x * x);

    /// <summary>The regularized upper incomplete gamma function Q(a, x).</summary>
    private static double UpperGamma(double a, double x)
    {
        if (x < a + 1)
        {
            return 1 - LowerGammaSeries(a, x);
        }

        // Continued fraction (modified Lentz), converging fast for x ≥ a + 1.
        const double Tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = b + an / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var step = d * c;
            h *= step;
            if (Math.Abs(step - 1) < 1e-15)
            {
                break;
            }
        }

        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }

    /// <summary>The regularized lower incomplete gamma function P(a, x) by its series, for x &lt; a + 1.</summary>
    private static double LowerGammaSeries(double a, double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        var term = 1 / a;
        var sum = term;
        for (var n = 1; n < 1000; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * 1e-16)
            {
                break;
            }
        }

        return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }

    /// <summary>The regularized incomplete beta function I_x(a, b).</summary>
    private static double RegularizedBeta(double x, double a, double b)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        // The continued fraction converges for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
        return x < (a + 1) / (a + b + 2)
            ? front * BetaFraction(x, a, b) / a
            : 1 - front * BetaFraction(1 - x, b, a) / b;
    }

    private static double BetaFraction(double x, double a, double b)
    {
        const double Tiny = 1e-300;
        var c = 1.0;
        var d = 1 - (a + b) * x / (a + 1);
        d = Math.Abs(d) < Tiny ? Tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m < 1000; m++)
        {
            var m2 = 2 * m;
            var even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + even * d;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + even / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            h *= d * c;
            var odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + odd * d;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + odd / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var step = d * c;
            h *= step;
            if (Math.Abs(step - 1) < 1e-15)
            {
                break;
            }
        }

        return h;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, nine terms: about 15 significant digits).</summary>
    private static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = LanczosCoefficients[0];
        for (var i = 1; i < LanczosCoefficients.Length; i++)
        {
            sum += LanczosCoefficients[i] / (x + i);
        }

        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];
}

/// <summary>How many values a sample has, their mean and their (n − 1) variance.</summary>
public readonly record struct SampleSummary(long Count, double Mean, double Variance)
{
    /// <summary>The summary of <paramref name="values"/> (Welford's one pass, stable for large means).</summary>
    public static SampleSummary Of(ReadOnlySpan<double> values)
    {
        double mean = 0, squares = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var gap = values[i] - mean;
            mean += gap / (i + 1);
            squares += gap * (values[i] - mean);
        }

        return new SampleSummary(values.Length, mean, values.Length > 1 ? squares / (values.Length - 1) : 0);
    }
}

/// <summary>A treatment against its control: Δ = treatment − control, its 95% confidence interval and the two-sided p-value.</summary>
public readonly record struct Comparison(double Delta, double CiLow, double CiHigh, double PValue);
