namespace OfferLab.Core.Simulation;

/// <summary>
/// What a batch of simulated runs shows (the figures of <c>offerlab simulate</c>).
/// </summary>
/// <param name="Runs">Runs simulated.</param>
/// <param name="Users">Users per run.</param>
/// <param name="MeanRegret">Mean over runs of Σ over users of (best true rate − true rate of the arm served).</param>
/// <param name="RegretStdErr">Standard error of <paramref name="MeanRegret"/> (sample standard deviation / √runs; 0 for one run).</param>
/// <param name="UniformRegret">
/// Regret an equal split over every arm would have over the same users: users × (best rate − mean rate), its exact
/// expectation, so the baseline carries no sampling noise.
/// </param>
/// <param name="BestRetiredRate">Share of runs in which an arm with the highest true rate was retired.</param>
/// <param name="AnyRetiredRate">Share of runs in which any arm was retired.</param>
/// <param name="Arms">Per-arm figures, index-aligned with the settings' true rates.</param>
public sealed record SimulationSummary(
    int Runs,
    int Users,
    double MeanRegret,
    double RegretStdErr,
    double UniformRegret,
    double BestRetiredRate,
    double AnyRetiredRate,
    IReadOnlyList<ArmSummary> Arms)
{
    /// <summary>Summarises <paramref name="runs"/> of <paramref name="settings"/>, in the order given.</summary>
    public static SimulationSummary Summarise(SimulationSettings settings, IReadOnlyList<SimulationRun> runs)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        var count = runs.Count;
        var rates = settings.TrueRates;
        var best = rates.Max();
        var mean = runs.Average(r => r.Regret);
        var stdErr = count > 1 ? Math.Sqrt(runs.Sum(r => (r.Regret - mean) * (r.Regret - mean)) / (count - 1) / count) : 0.0;
        var bestRetired = runs.Count(r => Enumerable.Range(0, rates.Count).Any(k => rates[k] == best && r.RetiredAtUser[k] is not null));
        var anyRetired = runs.Count(r => r.RetiredAtUser.Any(at => at is not null));
        var arms = Enumerable.Range(0, rates.Count).Select(k =>
        {
            var retiredAt = runs.Where(r => r.RetiredAtUser[k] is not null).Select(r => (double)r.RetiredAtUser[k]!.Value).ToArray();
            return new ArmSummary(rates[k], runs.Average(r => (double)r.Exposures[k]), (double)retiredAt.Length / count, Median(retiredAt));
        }).ToArray();
        return new SimulationSummary(
            count, settings.Users, mean, stdErr, BanditSimulation.UniformRegret(rates, settings.Users),
            (double)bestRetired / count, (double)anyRetired / count, arms);
    }

    private static double? Median(double[] values)
    {
        if (values.Length == 0)
        {
            return null;
        }

        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
    }
}
