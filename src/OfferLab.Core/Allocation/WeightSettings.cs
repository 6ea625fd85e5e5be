namespace OfferLab.Core.Allocation;

/// <summary>
/// How bandit weights are shaped (the declaration's <c>allocation</c> block).
/// </summary>
/// <param name="BurnIn">Exposures every active arm needs before weights adapt; until then the split is equal.</param>
/// <param name="Floor">Minimum weight of every active arm before the uniform share is mixed in; capped at 1/K.</param>
/// <param name="UniformShare">Share of traffic split equally over active arms, in [0, 1].</param>
/// <param name="TopTwo">Use top-two Thompson weights (P(first or second) / 2) instead of P(best).</param>
public sealed record WeightSettings(long BurnIn = 100, double Floor = 0.01, double UniformShare = 0.10, bool TopTwo = false)
{
    internal void Validate()
    {
        if (BurnIn < 0 || !(Floor >= 0.0 && Floor <= 1.0) || !(UniformShare >= 0.0 && UniformShare <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(Floor), "Need burn_in ≥ 0 and floor, uniform_share in [0, 1].");
        }
    }
}
