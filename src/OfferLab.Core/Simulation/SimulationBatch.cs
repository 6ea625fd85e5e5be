namespace OfferLab.Core.Simulation;

/// <summary>
/// Runs many seeded simulations of one experiment in parallel and summarises them. Run i always uses
/// <see cref="RunSeed"/>(seed, i) and results are summarised in run order, so the summary is identical for identical
/// arguments whatever the parallelism or the order in which runs finish.
/// </summary>
public static class SimulationBatch
{
    /// <summary>
    /// Runs <paramref name="runs"/> simulations of <paramref name="settings"/> over the machine's cores.
    /// </summary>
    /// <param name="settings">The experiment to simulate.</param>
    /// <param name="runs">How many independent runs (≥ 1).</param>
    /// <param name="seed">The batch seed; each run's seed is derived from it and the run's index.</param>
    /// <param name="runFinished">Called (from worker threads) after each run, e.g. to move a progress bar.</param>
    /// <param name="maxParallelism">Upper bound on concurrent runs; -1 (default) lets the scheduler use every core.</param>
    /// <param name="cancellation">Stops scheduling further runs.</param>
    public static SimulationSummary Run(
        SimulationSettings settings,
        int runs,
        ulong seed,
        Action? runFinished = null,
        int maxParallelism = -1,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var results = ParallelRuns.Map(runs, seed, runSeed => BanditSimulation.Run(settings, runSeed), runFinished, maxParallelism, cancellation);
        return SimulationSummary.Summarise(settings, results);
    }

    /// <summary>
    /// The seed of run <paramref name="run"/>: the run-th output of SplitMix64 started at <paramref name="seed"/>, so
    /// neighbouring runs and neighbouring batch seeds get unrelated generators.
    /// </summary>
    public static ulong RunSeed(ulong seed, long run)
    {
        var z = seed + (((ulong)run + 1UL) * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
