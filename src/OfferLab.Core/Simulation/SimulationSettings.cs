using OfferLab.Core.Allocation;

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
    RetirementSettings Retirement);
