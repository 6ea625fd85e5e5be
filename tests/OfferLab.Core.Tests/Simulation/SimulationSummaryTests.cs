using OfferLab.Core.Allocation;
using OfferLab.Core.Simulation;

namespace OfferLab.Core.Tests.Simulation;

/// <summary>The summary of hand-made runs, worked out by hand.</summary>
public sealed class SimulationSummaryTests
{
    private static readonly SimulationSettings ThreeArms = new([0.10, 0.10, 0.02], 100, 10, new WeightSettings(), new RetirementSettings());

    [Fact]
    public void Regret_shares_and_medians_are_computed_over_runs()
    {
        SimulationRun[] runs =
        [
            new(2.0, [40, 40, 20], [4, 4, 0], [null, null, 30]),
            new(4.0, [50, 30, 20], [5, 3, 1], [null, 80, 40]),
            new(6.0, [60, 30, 10], [6, 3, 0], [null, null, 20]),
            new(8.0, [70, 20, 10], [7, 2, 0], [null, null, null]),
        ];

        var summary = SimulationSummary.Summarise(ThreeArms, runs);

        Assert.Equal(4, summary.Runs);
        Assert.Equal(100, summary.Users);
        Assert.Equal(5.0, summary.MeanRegret);
        // Sample sd of 2, 4, 6, 8 is √(20/3); standard error √(20/3) / 2.
        Assert.Equal(Math.Sqrt(20.0 / 3.0) / 2.0, summary.RegretStdErr, 12);
        Assert.Equal(100 * (0.10 - (0.22 / 3)), summary.UniformRegret, 12);
        Assert.Equal(0.25, summary.BestRetiredRate);
        Assert.Equal(0.75, summary.AnyRetiredRate);
        Assert.Equal(new ArmSummary(0.10, 55.0, 0.0, null), summary.Arms[0]);
        Assert.Equal(new ArmSummary(0.10, 30.0, 0.25, 80.0), summary.Arms[1]);
        Assert.Equal(new ArmSummary(0.02, 15.0, 0.75, 30.0), summary.Arms[2]);
    }

    [Fact]
    public void An_even_count_of_retirements_has_the_mean_of_the_middle_two_as_median_and_one_run_has_no_spread()
    {
        SimulationRun[] two = [new(1.0, [90, 5, 5], [9, 0, 0], [null, null, 20]), new(1.0, [90, 5, 5], [9, 0, 0], [null, null, 50])];
        Assert.Equal(35.0, SimulationSummary.Summarise(ThreeArms, two).Arms[2].MedianRetiredAtUser);
        Assert.Equal(0.0, SimulationSummary.Summarise(ThreeArms, two[..1]).RegretStdErr);
    }
}
