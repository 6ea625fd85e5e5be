namespace OfferLab.Core.Allocation;

/// <summary>
/// P(arm k has the highest rate) under independent Beta(1 + s, 1 + f) posteriors, by deterministic
/// numerical integration (no sampling noise, so weights and reports are reproducible to the bit).
/// </summary>
public static class ProbabilityBest
{
    /// <summary>P(k is best) for every arm; sums to 1. One arm gets 1; no arms give an empty array.</summary>
    public static double[] Compute(ReadOnlySpan<BetaArm> arms)
    {
        var best = new double[arms.Length];
        if (arms.Length == 1)
        {
            best[0] = 1.0;
        }
        else if (arms.Length > 1)
        {
            PosteriorIntegrals.Compute(arms, best, [], []);
            Normalise(best);
        }

        return best;
    }

    /// <summary>
    /// Top-two Thompson weights: (P(k is first) + P(k is second)) / 2 for every arm; sums to 1.
    /// With one arm it is 1.
    /// </summary>
    public static double[] ComputeTopTwo(ReadOnlySpan<BetaArm> arms)
    {
        var result = new double[arms.Length];
        if (arms.Length == 1)
        {
            result[0] = 1.0;
            return result;
        }

        if (arms.Length > 1)
        {
            var second = new double[arms.Length];
            PosteriorIntegrals.Compute(arms, result, second, []);
            for (var k = 0; k < result.Length; k++)
            {
                result[k] = (result[k] + second[k]) / 2.0;
            }

            Normalise(result);
        }

        return result;
    }

    // The integrals are accurate to ~1e-6; renormalising removes the residue so weights sum to exactly 1.
    internal static void Normalise(Span<double> values)
    {
        var total = 0.0;
        foreach (var v in values)
        {
            total += v;
        }

        for (var k = 0; k < values.Length; k++)
        {
            values[k] = total > 0.0 ? values[k] / total : 1.0 / values.Length;
        }
    }
}
