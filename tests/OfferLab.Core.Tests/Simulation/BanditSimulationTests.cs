using OfferLab.Core.Allocation;
using OfferLab.Core.Simulation;
using OfferLab.Core.Statistics;

namespace OfferLab.Core.Tests.Simulation;

/// <summary>The fixed policy, the period hook and exposure loss of <see cref="BanditSimulation"/>.</summary>
public sealed class BanditSimulationTests
{
    private static readonly SimulationSettings Equal = new(
        [0.05, 0.05], 40_000, 1_000, new WeightSettings(), new RetirementSettings(RetireLosers: false));

    [Fact]
    public void The_fixed_policy_serves_the_declared_split_instead_of_adapting()
    {
        var fixedRun = BanditSimulation.Run(Equal with { TrueRates = [0.10, 0.02], FixedWeights = [3.0, 1.0] }, 5);
        var thompson = BanditSimulation.Run(Equal with { TrueRates = [0.10, 0.02] }, 5);

        // 40,000 draws at 3/4: sd of the share is 0.0022, so ±0.01 is over 4 sd.
        Assert.InRange(fixedRun.Exposures[0] / 40_000.0, 0.74, 0.76);
        Assert.True(thompson.Exposures[0] / 40_000.0 > 0.85); // at most 0.95 with a 10% uniform share
    }

    [Fact]
    public void The_fixed_policy_still_retires_a_loser_and_gives_its_share_to_the_rest()
    {
        var settings = Equal with { TrueRates = [0.10, 0.01, 0.10], FixedWeights = [1.0, 1.0, 1.0], Retirement = new RetirementSettings() };
        var periods = new List<SrmPeriod>();

        var run = BanditSimulation.Run(settings, 3, periods.Add);

        var retiredAt = Assert.IsType<long>(run.RetiredAtUser[1]);
        Assert.Null(run.RetiredAtUser[0]);
        Assert.Null(run.RetiredAtUser[2]);
        var after = periods.Skip((int)(retiredAt / 1_000)).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, p => Assert.Equal([0.5, 0.0, 0.5], p.Weights));
        Assert.All(after, p => Assert.Equal(0, p.Exposures[1]));
    }

    [Fact]
    public void Every_closed_period_reports_the_weights_in_force_and_its_own_exposures()
    {
        var settings = Equal with { TrueRates = [0.05, 0.04, 0.03], Users = 10_500 };
        var periods = new List<SrmPeriod>();

        var run = BanditSimulation.Run(settings, 8, periods.Add);

        Assert.Equal(10, periods.Count);
        Assert.Equal([1.0 / 3, 1.0 / 3, 1.0 / 3], periods[0].Weights);
        Assert.All(periods, p => Assert.Equal(1.0, p.Weights.Sum(), 12));
        Assert.All(periods, p => Assert.Equal(1_000, p.Exposures.Sum()));
        // The last 500 users are in a period that never closed.
        Assert.Equal(run.Exposures.Sum() - 500, periods.Sum(p => p.Exposures.Sum()));
    }

    [Fact]
    public void Lost_exposures_are_never_counted()
    {
        var all = BanditSimulation.Run(Equal with { FixedWeights = [1.0, 1.0], Loss = new ExposureLoss(1, 1.0) }, 2);
        var some = BanditSimulation.Run(Equal with { FixedWeights = [1.0, 1.0], Loss = new ExposureLoss(1, 0.2) }, 2);

        Assert.Equal(0, all.Exposures[1]);
        Assert.Equal(0, all.Successes[1]);
        Assert.InRange(all.Exposures[0], 19_000, 21_000);
        // Of about 20,000 users served by arm 1, about 16,000 are counted (sd about 60).
        Assert.InRange(some.Exposures[1], 15_600, 16_400);
    }

    [Theory]
    [InlineData(2, 0.1)]
    [InlineData(-1, 0.1)]
    [InlineData(0, 1.5)]
    public void A_loss_must_name_an_arm_and_a_probability(int arm, double share)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BanditSimulation.Run(Equal with { Loss = new ExposureLoss(arm, share) }, 1));
    }

    [Fact]
    public void Fixed_weights_must_cover_every_arm()
    {
        Assert.Throws<ArgumentException>(() => BanditSimulation.Run(Equal with { FixedWeights = [1.0] }, 1));
    }
}
