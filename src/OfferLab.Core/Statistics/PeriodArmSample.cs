namespace OfferLab.Core.Statistics;

/// <summary>
/// One arm's data in one allocation period.
/// </summary>
/// <param name="PeriodTraffic">n_p: exposures of all arms in the period (the period's weight).</param>
/// <param name="Exposures">n_{p,k}: exposures of this arm in the period.</param>
/// <param name="Sum">Σ y over the arm's exposures (accepts for conversion; revenue or margin otherwise).</param>
/// <param name="SumOfSquares">Σ y² (equal to <paramref name="Sum"/> for 0/1 outcomes).</param>
public readonly record struct PeriodArmSample(long PeriodTraffic, long Exposures, double Sum, double SumOfSquares)
{
    /// <summary>A binary-outcome sample: y ∈ {0, 1}, so Σ y² = Σ y = successes.</summary>
    public static PeriodArmSample Bernoulli(long periodTraffic, long exposures, long successes) =>
        new(periodTraffic, exposures, successes, successes);
}
