using OfferLab.Core.Statistics;

namespace OfferLab.Core.Allocation;

/// <summary>
/// The decision an experiment makes when a period closes, shared by the experiment grain and the simulator so that
/// both run the same rule: bounds at α/K for every arm, retirement, then Thompson weights over the arms left.
/// K is the number of declared arms (active or not), so the union bound covers every arm that ever ran.
/// </summary>
public static class PeriodClose
{
    /// <summary>Evaluates one period close on cumulative conversion counts.</summary>
    public static PeriodCloseResult Evaluate(IReadOnlyList<PeriodCloseArm> arms, WeightSettings weights, RetirementSettings retirement)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(retirement);
        if (!(retirement.Alpha > 0.0 && retirement.Alpha < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(retirement), "alpha must be in (0, 1).");
        }

        var level = retirement.Alpha / Math.Max(arms.Count, 1);
        var bounds = arms.Select(a => BetaConfidenceSequence.Compute(a.Successes, a.Trials, level)).ToArray();
        IReadOnlyList<RetirementEvidence> retired = [];
        if (retirement.RetireLosers)
        {
            var candidates = arms.Select((a, k) => new ArmBounds(a.Id, a.Active, a.Trials, bounds[k])).ToArray();
            var protectedId = retirement.ProtectedArm >= 0 && retirement.ProtectedArm < arms.Count ? arms[retirement.ProtectedArm].Id : null;
            retired = [.. RetirementRule.Evaluate(candidates, retirement.MinExposures, retirement.Margin).Where(r => r.ArmId != protectedId)];
        }

        var retiredIds = retired.Select(r => r.ArmId).ToHashSet(StringComparer.Ordinal);
        var allocation = arms.Select(a => new AllocationArm(a.Successes, a.Trials, a.Active && !retiredIds.Contains(a.Id))).ToArray();
        return new PeriodCloseResult(retired, ThompsonWeights.Compute(allocation, weights), bounds);
    }
}
