namespace OfferLab.Core.Statistics;

/// <summary>
/// Retire arm k when its upper bound is below the largest lower bound among active arms minus <c>margin</c>, once k
/// has <c>min_exposures</c>. With every arm's sequence at level α/K, the truly best arm is ever retired with
/// probability ≤ α, however often this runs. The leader is any active arm (its lower bound is valid whatever its
/// count), and the leader itself can never be retired since its upper bound is at least its lower bound.
/// </summary>
public static class RetirementRule
{
    /// <summary>The active arms to retire now, each with its evidence; empty when none qualifies.</summary>
    public static IReadOnlyList<RetirementEvidence> Evaluate(IReadOnlyList<ArmBounds> arms, long minExposures, double margin)
    {
        ArgumentNullException.ThrowIfNull(arms);
        if (!(margin >= 0.0) || minExposures < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(margin), "Need margin ≥ 0 and min_exposures ≥ 0.");
        }

        var leader = arms.Where(a => a.Active).MaxBy(a => a.Bounds.Lower);
        if (leader is null)
        {
            return [];
        }

        var bar = leader.Bounds.Lower - margin;
        return arms
            .Where(a => a.Active && a.Exposures >= minExposures && a.Bounds.Upper < bar && !ReferenceEquals(a, leader))
            .Select(a => new RetirementEvidence(
                a.ArmId, a.Exposures, a.Bounds, leader.ArmId, leader.Exposures, leader.Bounds, margin, minExposures))
            .ToArray();
    }
}
