using OfferLab.Core.Allocation;

namespace OfferLab.Core.Statistics;

/// <summary>
/// Bayesian read-outs under independent Beta(1 + s, 1 + f) posteriors, by deterministic integration: P(best), and
/// the expected loss of choosing arm k, E[max(max_{j≠k} p_j − p_k, 0)] = ∫ F_k(t)(1 − Π_{j≠k} F_j(t)) dt.
/// Shown to analysts; never used alone to retire an arm.
/// </summary>
public static class BayesianReadout
{
    /// <summary>P(arm k is best) for every arm (the same integral the allocator uses).</summary>
    public static double[] ProbabilityBest(ReadOnlySpan<BetaArm> arms) => Allocation.ProbabilityBest.Compute(arms);

    /// <summary>Expected loss of choosing each arm, in rate units; 0 for a single arm.</summary>
    public static double[] ExpectedLoss(ReadOnlySpan<BetaArm> arms)
    {
        var loss = new double[arms.Length];
        if (arms.Length > 1)
        {
            var best = new double[arms.Length];
            PosteriorIntegrals.Compute(arms, best, [], loss);
        }

        return loss;
    }
}
