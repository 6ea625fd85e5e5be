namespace OfferLab.Core.Allocation;

/// <summary>
/// Batched Thompson sampling weights, recomputed at each period close:
/// P(best) (or top-two) over active arms → floor → uniform share; retired arms get 0.
/// </summary>
public static class ThompsonWeights
{
    /// <summary>
    /// Weights for the next period, index-aligned with <paramref name="arms"/>; they sum to 1 whenever an arm is
    /// active (all zeros when none is).
    /// Burn-in rule: while any active arm has fewer than <see cref="WeightSettings.BurnIn"/> exposures, every active arm
    /// gets an equal share, so a newly added arm (which starts in burn-in) also makes the others wait; this keeps
    /// the rule one line and guarantees the new arm its exposures quickly.
    /// </summary>
    public static double[] Compute(IReadOnlyList<AllocationArm> arms, WeightSettings settings)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var active = ActiveIndices(arms);
        var weights = new double[arms.Count];
        if (active.Length == 0)
        {
            return weights;
        }

        var count = active.Length;
        var inBurnIn = active.Any(k => arms[k].Trials < settings.BurnIn);
        double[] core;
        if (inBurnIn)
        {
            core = Enumerable.Repeat(1.0 / count, count).ToArray();
        }
        else
        {
            var evidence = active.Select(k => arms[k].Evidence).ToArray();
            core = settings.TopTwo ? ProbabilityBest.ComputeTopTwo(evidence) : ProbabilityBest.Compute(evidence);
        }

        var floor = Math.Min(settings.Floor, 1.0 / count);
        for (var i = 0; i < count; i++)
        {
            var floored = floor + ((1.0 - (count * floor)) * core[i]);
            weights[active[i]] = ((1.0 - settings.UniformShare) * floored) + (settings.UniformShare / count);
        }

        ProbabilityBest.Normalise(weights.AsSpan());
        return weights;
    }

    internal static int[] ActiveIndices(IReadOnlyList<AllocationArm> arms) =>
        Enumerable.Range(0, arms.Count).Where(k => arms[k].Active).ToArray();
}
