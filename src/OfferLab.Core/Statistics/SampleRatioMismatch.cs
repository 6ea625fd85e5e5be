using MathNet.Numerics;

namespace OfferLab.Core.Statistics;

/// <summary>
/// χ² test of observed exposures against E_k = Σ_p n_p · w_{p,k}, the weights actually in force in each period.
/// Testing against an equal split would flag every correct bandit run.
/// </summary>
public static class SampleRatioMismatch
{
    /// <summary>p-value below which the split is flagged.</summary>
    public const double Threshold = 0.001;

    /// <summary>Smallest expected count for which the χ² approximation is trusted.</summary>
    public const double MinimumExpected = 5.0;

    /// <summary>
    /// Runs the test. Arms with expected count 0 (weight 0 in every period) are left out of χ² and of the degrees
    /// of freedom (df = arms with expected &gt; 0, minus 1); exposures they got anyway still count in n_p.
    /// </summary>
    public static SrmResult Evaluate(IReadOnlyList<SrmPeriod> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        var arms = periods.Count == 0 ? 0 : periods.Max(p => p.Weights.Count);
        var expected = new double[arms];
        var observed = new double[arms];
        foreach (var period in periods)
        {
            if (period.Weights.Count != period.Exposures.Count)
            {
                throw new ArgumentException("Each period needs one weight per arm count.", nameof(periods));
            }

            var totalWeight = period.Weights.Sum();
            double traffic = period.Exposures.Sum();
            for (var k = 0; k < period.Weights.Count; k++)
            {
                expected[k] += totalWeight > 0.0 ? traffic * period.Weights[k] / totalWeight : 0.0;
                observed[k] += period.Exposures[k];
            }
        }

        var tested = Enumerable.Range(0, arms).Where(k => expected[k] > 0.0).ToArray();
        var df = tested.Length - 1;
        if (df < 1 || tested.Any(k => expected[k] < MinimumExpected))
        {
            return new SrmResult(null, false, 0.0, Math.Max(df, 0));
        }

        var chiSquare = tested.Sum(k => (observed[k] - expected[k]) * (observed[k] - expected[k]) / expected[k]);
        var p = Math.Clamp(SpecialFunctions.GammaUpperRegularized(df / 2.0, chiSquare / 2.0), 0.0, 1.0);
        return new SrmResult(p, p < Threshold, chiSquare, df);
    }
}
