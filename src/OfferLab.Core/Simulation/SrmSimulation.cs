using OfferLab.Core.Statistics;

namespace OfferLab.Core.Simulation;

/// <summary>
/// The sample-ratio check as the server runs it, on a simulated bandit: exposures per period against the weights in
/// force in that period (<see cref="SampleRatioMismatch"/>). Without an <see cref="ExposureLoss"/> every flag is a
/// false alarm; with one, a flag is a catch.
/// </summary>
public static class SrmSimulation
{
    /// <summary>One run; identical for identical seed and settings.</summary>
    public static SrmRun Run(SimulationSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var periods = new List<SrmPeriod>();
        int? firstFlagged = null;
        BanditSimulation.Run(settings, seed, period =>
        {
            periods.Add(period);
            if (firstFlagged is null && SampleRatioMismatch.Evaluate(periods).Flagged)
            {
                firstFlagged = periods.Count;
            }
        });
        var end = SampleRatioMismatch.Evaluate(periods);
        return new SrmRun(end.Flagged, firstFlagged, end.PValue, end.ChiSquarePValue < SampleRatioMismatch.Threshold);
    }

    /// <summary>Runs <paramref name="runs"/> seeded runs over the cores and counts flags.</summary>
    public static SrmSummary RunMany(
        SimulationSettings settings, int runs, ulong seed, Action? runFinished = null, int maxParallelism = -1, CancellationToken cancellation = default)
    {
        var results = ParallelRuns.Map(runs, seed, s => Run(settings, s), runFinished, maxParallelism, cancellation);
        return new SrmSummary(
            runs,
            (double)results.Count(r => r.FlaggedAtEnd) / runs,
            (double)results.Count(r => r.FirstFlaggedPeriod is not null) / runs,
            (double)results.Count(r => r.ChiSquareFlaggedAtEnd) / runs);
    }
}
