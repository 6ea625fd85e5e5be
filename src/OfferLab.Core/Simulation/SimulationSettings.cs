using OfferLab.Core.Allocation;
using OfferLab.Core.Declarations;

namespace OfferLab.Core.Simulation;

/// <summary>
/// One simulated experiment: arms with known true conversion rates, a stream of users, and a period close every
/// <paramref name="PeriodUsers"/> users.
/// </summary>
/// <param name="TrueRates">Accept probability of each arm.</param>
/// <param name="Users">Users served in one run.</param>
/// <param name="PeriodUsers">Users per period; weights and retirement are re-evaluated at every period close.</param>
/// <param name="Weights">Weight shaping (burn-in, floor, uniform share, top-two).</param>
/// <param name="Retirement">Retirement settings (alpha, min exposures, margin, retire losers).</param>
public sealed record SimulationSettings(
    IReadOnlyList<double> TrueRates,
    int Users,
    int PeriodUsers,
    WeightSettings Weights,
    RetirementSettings Retirement)
{
    /// <summary>
    /// The <c>fixed</c> policy's declared weights, index-aligned with <see cref="TrueRates"/>; null (the default) runs
    /// batched Thompson sampling. Retirement runs either way; a retired arm's share goes to the rest in proportion.
    /// </summary>
    public IReadOnlyList<double>? FixedWeights { get; init; }

    /// <summary>Exposures lost before they are counted (null, the default: none), for testing the SRM check.</summary>
    public ExposureLoss? Loss { get; init; }

    /// <summary>
    /// The settings an experiment file implies: burn-in, floor, uniform share, top-two, policy and fixed weights from
    /// <c>allocation</c>; alpha, min exposures, margin and retire-losers from <c>stopping</c>. The file's
    /// <c>period</c> is replaced by <paramref name="periodUsers"/>, since a simulation counts users, not minutes.
    /// </summary>
    /// <param name="declaration">A valid declaration.</param>
    /// <param name="trueRates">The true accept rate of every variant, in declared order.</param>
    /// <param name="users">Users per run.</param>
    /// <param name="periodUsers">Users per period.</param>
    public static SimulationSettings FromDeclaration(ExperimentDeclaration declaration, IReadOnlyList<double> trueRates, int users, int periodUsers)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(trueRates);
        if (trueRates.Count != declaration.Variants.Count)
        {
            throw new ArgumentException("One true rate per declared variant is needed.", nameof(trueRates));
        }

        var allocation = declaration.Allocation;
        var stopping = declaration.Stopping;
        return new SimulationSettings(
            [.. trueRates],
            users,
            periodUsers,
            new WeightSettings(allocation.BurnIn, allocation.Floor, allocation.UniformShare, allocation.TopTwo),
            new RetirementSettings(stopping.Alpha, stopping.MinExposures, stopping.Margin, stopping.RetireLosers, IndexOfControl(declaration)))
        {
            FixedWeights = allocation.Policy == AllocationPolicy.Fixed
                ? [.. declaration.Variants.Select(v => allocation.Weights.GetValueOrDefault(v.Id))]
                : null,
        };
    }

    private static int IndexOfControl(ExperimentDeclaration declaration)
    {
        for (var k = 0; k < declaration.Variants.Count; k++)
        {
            if (declaration.Variants[k].IsControl)
            {
                return k;
            }
        }

        return -1;
    }
}
