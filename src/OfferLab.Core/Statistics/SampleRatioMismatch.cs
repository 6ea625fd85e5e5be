using MathNet.Numerics;

namespace OfferLab.Core.Statistics;

/// <summary>
/// Sample-ratio check of observed exposures against the weights actually in force in each period,
/// E_k = Σ_p n_p · w_{p,k}. Testing against an equal split would flag every correct bandit run.
/// </summary>
/// <remarks>
/// Two tests of the same null (within each period the arms' counts are multinomial with that period's weights), joined
/// by a Bonferroni union so the false-alarm rate stays at most <see cref="Threshold"/>:
/// <list type="bullet">
/// <item>Pearson χ² over the arms, df = K − 1 (DESIGN.md): the omnibus test, best when the split is off everywhere.</item>
/// <item>Per arm, arm against the rest: z_k = (O_k − E_k) / sqrt(Σ_p n_p w_{p,k}(1 − w_{p,k})), the exact conditional
/// variance of the arm's count, two-sided, Bonferroni over the arms. This is the test for the usual failure, one
/// variant losing (or gaining) exposures: it spends one degree of freedom instead of K − 1 and, for an arm the bandit
/// gives most of the traffic, uses the arm's real variance n·w(1 − w) rather than E_k. With two arms both arms give
/// the same |z|, so no multiplicity is paid.</item>
/// </list>
/// The reported p-value is min(1, 2 · min(p_χ², p_arms)) with three or more arms, and p_arms with two.
/// </remarks>
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
        var variance = new double[arms];
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
                var share = totalWeight > 0.0 ? period.Weights[k] / totalWeight : 0.0;
                expected[k] += traffic * share;
                variance[k] += traffic * share * (1.0 - share);
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
        var chiSquareP = Math.Clamp(SpecialFunctions.GammaUpperRegularized(df / 2.0, chiSquare / 2.0), 0.0, 1.0);

        var z = new double?[arms];
        var smallestArmP = 1.0;
        var armTests = 0;
        foreach (var k in tested.Where(k => variance[k] > 0.0))
        {
            z[k] = (observed[k] - expected[k]) / Math.Sqrt(variance[k]);
            smallestArmP = Math.Min(smallestArmP, SpecialFunctions.Erfc(Math.Abs(z[k]!.Value) / Math.Sqrt(2.0)));
            armTests++;
        }

        var armsP = armTests == 0 ? 1.0 : Math.Min(1.0, smallestArmP * (tested.Length == 2 ? 1 : armTests));
        var p = tested.Length == 2 ? armsP : Math.Min(1.0, 2.0 * Math.Min(chiSquareP, armsP));
        return new SrmResult(p, p < Threshold, chiSquare, df, chiSquareP, z);
    }
}
