namespace OfferLab.Core.Statistics;

/// <summary>
/// The normal-mixture (Robbins; Howard et al. 2021) always-valid boundary, in GrowthBook's asymptotic form:
/// with s² = SE² · n and ρ² = (−2 ln α + ln(−2 ln α + 1)) / N*,
/// half-width = s · √(2(nρ² + 1) ln(√(nρ² + 1) / α) / (n²ρ²)).
/// This is Howard's |S_t| ≤ √((V + ρ_H)(ln(1 + V/ρ_H) + 2 ln(1/α))) with V = n s², ρ_H = s²/ρ², divided by n;
/// N* is the sample size at which the boundary is tightest.
/// </summary>
public static class NormalMixtureSequence
{
    /// <summary>Default tuning N*: the boundary is tightest around this many observations.</summary>
    public const double DefaultTuning = 5000.0;

    /// <summary>The mixture precision ρ² for error level <paramref name="alpha"/> and tuning <paramref name="tuning"/>.</summary>
    public static double Rho2(double alpha, double tuning = DefaultTuning)
    {
        if (!(alpha > 0.0 && alpha < 1.0) || !(tuning > 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), "Need alpha in (0, 1) and tuning > 0.");
        }

        var minus2LogAlpha = -2.0 * Math.Log(alpha);
        return (minus2LogAlpha + Math.Log(minus2LogAlpha + 1.0)) / tuning;
    }

    /// <summary>
    /// Always-valid half-width for a mean whose variance (of the mean) is <paramref name="varianceOfMean"/>, after
    /// <paramref name="n"/> observations. Infinite with no observations or an unknown variance.
    /// </summary>
    public static double HalfWidth(double varianceOfMean, long n, double alpha, double tuning = DefaultTuning)
    {
        var rho2 = Rho2(alpha, tuning);
        if (n <= 0 || !double.IsFinite(varianceOfMean) || varianceOfMean < 0.0)
        {
            return double.PositiveInfinity;
        }

        var s2 = varianceOfMean * n;
        var growth = (n * rho2) + 1.0;
        return Math.Sqrt(s2 * 2.0 * growth * Math.Log(Math.Sqrt(growth) / alpha) / ((double)n * n * rho2));
    }

    /// <summary>The always-valid interval around <paramref name="estimate"/>'s mean at error <paramref name="alpha"/>.</summary>
    public static Interval Compute(Estimate estimate, double alpha, double tuning = DefaultTuning)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        var half = HalfWidth(estimate.Variance, estimate.Exposures, alpha, tuning);
        return double.IsFinite(estimate.Mean)
            ? new Interval(estimate.Mean - half, estimate.Mean + half)
            : new Interval(double.NegativeInfinity, double.PositiveInfinity);
    }

    /// <summary>
    /// Always-valid p-value min(1, 1/E) for H0: mean difference 0, given an observed difference <paramref name="delta"/>,
    /// E = exp(ρ² Δ² n / (2 SE² (nρ² + 1))) / √(nρ² + 1). Computed in logs so huge evidence gives 0, not overflow.
    /// </summary>
    public static double PValue(double delta, double varianceOfMean, long n, double alpha, double tuning = DefaultTuning)
    {
        var rho2 = Rho2(alpha, tuning);
        if (n <= 0 || !double.IsFinite(delta) || !double.IsFinite(varianceOfMean) || varianceOfMean < 0.0)
        {
            return 1.0;
        }

        var growth = (n * rho2) + 1.0;
        var logE = varianceOfMean == 0.0
            ? (delta == 0.0 ? double.NegativeInfinity : double.PositiveInfinity)
            : (rho2 * delta * delta * n / (2.0 * varianceOfMean * growth)) - (0.5 * Math.Log(growth));
        return logE <= 0.0 ? 1.0 : Math.Clamp(Math.Exp(-logE), 0.0, 1.0);
    }
}
