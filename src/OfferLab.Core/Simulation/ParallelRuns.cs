namespace OfferLab.Core.Simulation;

/// <summary>
/// Runs seeded simulations over the cores: run i always gets <see cref="SimulationBatch.RunSeed"/>(seed, i) and its
/// result lands at index i, so what a caller summarises is the same whatever the parallelism or finishing order.
/// </summary>
internal static class ParallelRuns
{
    public static T[] Map<T>(int runs, ulong seed, Func<ulong, T> run, Action? runFinished, int maxParallelism, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var results = new T[runs];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellation };
        Parallel.For(0, runs, options, i =>
        {
            results[i] = run(SimulationBatch.RunSeed(seed, i));
            runFinished?.Invoke();
        });
        return results;
    }
}
