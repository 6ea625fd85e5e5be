namespace OfferLab.Core.Statistics;

/// <summary>
/// Period-weighted arm estimates: μ̂ = Σ_p (n_p / N) ȳ_p, Var = Σ_p (n_p / N)² s²_p / n_{p,k}. Weighting every arm by
/// the same period traffic stops a base rate that drifts while weights change from favouring the wrong arm
/// (Simpson's paradox), which pooled means do.
/// </summary>
public static class PeriodWeightedEstimator
{
    /// <summary>
    /// The estimate for one arm from its per-period samples.
    /// Rules for thin periods, documented because they matter:
    /// periods where the arm had 0 exposures (not yet added, or retired) carry no ȳ and are left out, with N the
    /// traffic of the periods that remain — the estimate then describes the periods the arm ran in;
    /// a period with exactly 1 exposure (or any period, when its own s² would rest on one point) uses the arm's
    /// pooled variance over all its exposures instead of an undefined per-period s²;
    /// with fewer than 2 exposures in total the variance is NaN (<paramref name="bernoulli"/>: 0.25, the largest
    /// a 0/1 outcome can have).
    /// </summary>
    public static Estimate Estimate(IEnumerable<PeriodArmSample> periods, bool bernoulli = false)
    {
        ArgumentNullException.ThrowIfNull(periods);
        var used = periods.Where(p => p.Exposures > 0).ToArray();
        if (used.Any(p => p.PeriodTraffic < p.Exposures || p.SumOfSquares < 0))
        {
            throw new ArgumentException("Period traffic must include the arm's exposures; sums of squares are ≥ 0.", nameof(periods));
        }

        long exposures = used.Sum(p => p.Exposures);
        if (exposures == 0)
        {
            return new Estimate(double.NaN, double.NaN, 0);
        }

        var pooledVariance = SampleVariance(exposures, used.Sum(p => p.Sum), used.Sum(p => p.SumOfSquares));
        if (double.IsNaN(pooledVariance) && bernoulli)
        {
            pooledVariance = 0.25;
        }

        double traffic = used.Sum(p => p.PeriodTraffic);
        double mean = 0.0, variance = 0.0;
        foreach (var p in used)
        {
            var share = p.PeriodTraffic / traffic;
            mean += share * (p.Sum / p.Exposures);
            var s2 = p.Exposures >= 2 ? SampleVariance(p.Exposures, p.Sum, p.SumOfSquares) : pooledVariance;
            variance += share * share * s2 / p.Exposures;
        }

        return new Estimate(mean, variance, exposures);
    }

    /// <summary>The pooled (unweighted) mean over all periods, for comparison and for single-period experiments.</summary>
    public static double PooledMean(IEnumerable<PeriodArmSample> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        var list = periods.ToArray();
        long n = list.Sum(p => p.Exposures);
        return n == 0 ? double.NaN : list.Sum(p => p.Sum) / n;
    }

    // Unbiased (n − 1) variance from sums; clamped at 0 against rounding.
    private static double SampleVariance(long n, double sum, double sumOfSquares) =>
        n < 2 ? double.NaN : Math.Max(0.0, (sumOfSquares - (sum * sum / n)) / (n - 1));
}
