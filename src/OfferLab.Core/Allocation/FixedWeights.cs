namespace OfferLab.Core.Allocation;

/// <summary>Weights of the <c>fixed</c> policy: the declared weights, normalised over the arms still active.</summary>
public static class FixedWeights
{
    /// <summary>
    /// Normalises <paramref name="declared"/> over the arms whose <paramref name="active"/> flag is set; inactive arms
    /// get 0, so a retired arm's share goes to the rest in proportion. When every active arm has declared weight 0,
    /// the active arms split equally. Negative or non-finite weights are refused.
    /// </summary>
    public static double[] Compute(IReadOnlyList<double> declared, IReadOnlyList<bool> active)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(active);
        if (declared.Count != active.Count)
        {
            throw new ArgumentException("One active flag per declared weight is needed.", nameof(active));
        }

        if (declared.Any(w => !double.IsFinite(w) || w < 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(declared), "Fixed weights must be finite and ≥ 0.");
        }

        var weights = new double[declared.Count];
        var total = Enumerable.Range(0, declared.Count).Where(k => active[k]).Sum(k => declared[k]);
        var activeCount = active.Count(a => a);
        for (var k = 0; k < weights.Length; k++)
        {
            if (active[k])
            {
                weights[k] = total > 0.0 ? declared[k] / total : 1.0 / activeCount;
            }
        }

        return weights;
    }
}
