using OfferLab.Core.Allocation;
using OfferLab.Core.Simulation;
using OfferLab.Core.Statistics;

namespace OfferLab.Core.Tests.Simulation;

/// <summary>The Core-level simulations behind benchmark scenarios 4 (A/A lift under peeking) and 5 (SRM).</summary>
public sealed class MonitoringSimulationTests
{
    private static readonly LiftMonitoringSettings AaTest = new(0.05, 0.05, Periods: 50, PeriodUsers: 400);

    private static readonly SimulationSettings Bandit = new(
        [0.05, 0.04, 0.03, 0.02], 40_000, 4_000, new WeightSettings(), new RetirementSettings());

    [Fact]
    public void Lift_monitoring_is_seeded_and_the_same_whatever_the_parallelism()
    {
        Assert.Equal(LiftMonitoringSimulation.Run(AaTest, 5), LiftMonitoringSimulation.Run(AaTest, 5));
        Assert.Equal(LiftMonitoringSimulation.RunMany(AaTest, 40, 3, maxParallelism: 1), LiftMonitoringSimulation.RunMany(AaTest, 40, 3));
    }

    [Fact]
    public void Peeking_inflates_the_z_test_but_not_the_always_valid_test()
    {
        var summary = LiftMonitoringSimulation.RunMany(AaTest, 400, 11);

        Assert.True(summary.ZTestEverRate > summary.AlwaysValidEverRate + 0.05, $"{summary}");
        Assert.True(summary.ZTestEverRate > summary.ZTestLastLookRate, $"{summary}");
        Assert.True(summary.AlwaysValidEverRate <= 0.05, $"{summary}");
    }

    [Fact]
    public void A_real_lift_is_found_by_both_tests_and_the_always_valid_one_finds_it_later()
    {
        var run = LiftMonitoringSimulation.Run(AaTest with { TreatmentRate = 0.10 }, 7);

        var alwaysValid = Assert.IsType<int>(run.AlwaysValidFirstRejection);
        var zTest = Assert.IsType<int>(run.ZTestFirstRejection);
        Assert.True(zTest <= alwaysValid);
        Assert.True(run.AlwaysValidAtLastLook && run.ZTestAtLastLook);
    }

    [Fact]
    public void The_z_test_p_value_is_the_two_sided_normal_tail()
    {
        // z = 0.0196 / √(0.0001) = 1.96: p = 0.0499958 (R: 2 * pnorm(-1.96)).
        var p = LiftMonitoringSimulation.ZTestPValue(new Estimate(0.0696, 0.00006, 100), new Estimate(0.05, 0.00004, 100));
        Assert.Equal(0.0499958, p, 6);
        Assert.Equal(1.0, LiftMonitoringSimulation.ZTestPValue(new Estimate(double.NaN, double.NaN, 0), new Estimate(0.05, 0.00004, 100)));
    }

    [Fact]
    public void Srm_stays_quiet_on_a_correct_bandit_and_flags_a_large_loss()
    {
        var correct = SrmSimulation.RunMany(Bandit, 60, 1);
        var broken = SrmSimulation.Run(Bandit with { Loss = new ExposureLoss(1, 0.5) }, 1);

        Assert.Equal(0.0, correct.FlaggedAtEndRate);
        Assert.True(broken.FlaggedAtEnd);
        Assert.NotNull(broken.FirstFlaggedPeriod);
        Assert.True(broken.EndPValue < SampleRatioMismatch.Threshold);
    }

    [Fact]
    public void Srm_runs_are_seeded_and_the_same_whatever_the_parallelism()
    {
        var lossy = Bandit with { Loss = new ExposureLoss(0, 0.05) };
        Assert.Equal(SrmSimulation.Run(lossy, 4), SrmSimulation.Run(lossy, 4));
        Assert.Equal(SrmSimulation.RunMany(lossy, 30, 2, maxParallelism: 1), SrmSimulation.RunMany(lossy, 30, 2));
    }
}
