using OfferLab.Core.Allocation;
using OfferLab.Core.Simulation;

namespace OfferLab.Core.Tests.Simulation;

public sealed class SimulationBatchTests
{
    private static readonly SimulationSettings Ladder = new(
        [0.05, 0.04, 0.03, 0.02], 20_000, 1_000, new WeightSettings(100, 0.01, 0.10), new RetirementSettings(0.05, 500, 0.0));

    [Fact]
    public void A_batch_is_the_same_whatever_the_parallelism()
    {
        var sequential = SimulationBatch.Run(Ladder, 12, 42, maxParallelism: 1);
        var two = SimulationBatch.Run(Ladder, 12, 42, maxParallelism: 2);
        var all = SimulationBatch.Run(Ladder, 12, 42);

        AssertSame(sequential, two);
        AssertSame(sequential, all);
    }

    [Fact]
    public void Run_i_of_a_batch_is_the_single_run_with_the_derived_seed()
    {
        var summary = SimulationBatch.Run(Ladder, 3, 9);
        var runs = Enumerable.Range(0, 3).Select(i => BanditSimulation.Run(Ladder, SimulationBatch.RunSeed(9, i))).ToArray();

        AssertSame(SimulationSummary.Summarise(Ladder, runs), summary);
    }

    [Fact]
    public void Another_seed_gives_another_batch()
    {
        var one = SimulationBatch.Run(Ladder, 6, 1);
        var other = SimulationBatch.Run(Ladder, 6, 2);

        Assert.NotEqual(one.MeanRegret, other.MeanRegret);
        Assert.NotEqual(one.Arms.Select(a => a.MeanExposures), other.Arms.Select(a => a.MeanExposures));
    }

    [Fact]
    public void Run_seeds_are_splitmix64_outputs()
    {
        // SplitMix64 from state 0 starts 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4 (Steele, Lea and Flood's reference values).
        Assert.Equal(0xE220A8397B1DCDAFUL, SimulationBatch.RunSeed(0, 0));
        Assert.Equal(0x6E789E6AA1B965F4UL, SimulationBatch.RunSeed(0, 1));
        var seeds = Enumerable.Range(0, 10_000).Select(i => SimulationBatch.RunSeed(7, i)).ToHashSet();
        Assert.Equal(10_000, seeds.Count);
    }

    [Fact]
    public void Every_run_reports_progress_once()
    {
        var finished = 0;
        SimulationBatch.Run(Ladder with { Users = 2_000 }, 7, 1, () => Interlocked.Increment(ref finished));

        Assert.Equal(7, finished);
    }

    [Fact]
    public void A_cancelled_batch_stops()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(() => SimulationBatch.Run(Ladder, 4, 1, cancellation: cancel.Token));
    }

    private static void AssertSame(SimulationSummary expected, SimulationSummary actual)
    {
        Assert.Equal(
            (expected.Runs, expected.Users, expected.MeanRegret, expected.RegretStdErr, expected.UniformRegret, expected.BestRetiredRate, expected.AnyRetiredRate),
            (actual.Runs, actual.Users, actual.MeanRegret, actual.RegretStdErr, actual.UniformRegret, actual.BestRetiredRate, actual.AnyRetiredRate));
        Assert.Equal(expected.Arms, actual.Arms);
    }
}
