using System.Globalization;

namespace OfferLab.Core.Allocation;

/// <summary>
/// Deterministic, replayable arm choice: the same (experiment, period, unit) always lands on the same point of
/// [0, 1), and that point is looked up in the period's cumulative weights. Anyone holding the logged weights
/// of a period can recompute every assignment made in it.
/// </summary>
public static class ArmSelector
{
    /// <summary>The unit's uniform draw in [0, 1) for this experiment and period (SHA-256 based, stable everywhere).</summary>
    public static double Uniform(string experimentId, long period, string unitId)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentNullException.ThrowIfNull(unitId);
        return StableHash.Uniform("offerlab.arm.v1", experimentId, period.ToString(CultureInfo.InvariantCulture), unitId);
    }

    /// <summary>The arm index the unit gets under <paramref name="weights"/> (which need not be normalised).</summary>
    public static int Select(string experimentId, long period, string unitId, ReadOnlySpan<double> weights) =>
        Pick(weights, Uniform(experimentId, period, unitId));

    /// <summary>
    /// The first arm whose cumulative weight exceeds <paramref name="uniform"/> × total. Arms with weight 0 are
    /// never picked, even when rounding leaves the draw past the last cumulative sum.
    /// </summary>
    public static int Pick(ReadOnlySpan<double> weights, double uniform)
    {
        var total = 0.0;
        var last = -1;
        for (var k = 0; k < weights.Length; k++)
        {
            if (weights[k] > 0.0)
            {
                total += weights[k];
                last = k;
            }
        }

        if (last < 0)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        }

        var target = uniform * total;
        var cumulative = 0.0;
        for (var k = 0; k < last; k++)
        {
            if (weights[k] > 0.0)
            {
                cumulative += weights[k];
                if (target < cumulative)
                {
                    return k;
                }
            }
        }

        return last;
    }
}
