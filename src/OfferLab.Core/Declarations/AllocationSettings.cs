namespace OfferLab.Core.Declarations;

/// <summary>How traffic is split over the active arms. See <c>experiments/README.md</c> for every key and default.</summary>
/// <param name="Policy">thompson (default) or fixed.</param>
/// <param name="Weights">Fixed policy only: a non-negative weight for every variant id; empty for thompson.</param>
/// <param name="Period">How often weights are recomputed (default 10m).</param>
/// <param name="BurnIn">Exposures per arm before weights adapt; equal split until then (default 100).</param>
/// <param name="Floor">Minimum weight of every active arm (default 0.01).</param>
/// <param name="UniformShare">Share of traffic split equally over active arms (default 0.10).</param>
/// <param name="TopTwo">Top-two Thompson sampling (default false).</param>
/// <param name="Stickiness">What keeps its variant: session (default) or customer.</param>
public sealed record AllocationSettings(
    AllocationPolicy Policy,
    IReadOnlyDictionary<string, double> Weights,
    TimeSpan Period,
    int BurnIn,
    double Floor,
    double UniformShare,
    bool TopTwo,
    Stickiness Stickiness)
{
    public static AllocationSettings Default { get; } = new(
        AllocationPolicy.Thompson, ValueMap<double>.Empty, TimeSpan.FromMinutes(10), 100, 0.01, 0.10, false, Stickiness.Session);
}
