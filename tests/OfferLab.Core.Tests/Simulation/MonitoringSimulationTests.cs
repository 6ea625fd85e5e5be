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

    [Fact]
    public void The_per_arm_test_catches_a_loss_on_the_favoured_arm_more_often_than_chi_square_alone()
    {
        // 100,000 users in 20 periods; the bandit moves most traffic to the best arm, which then loses 5% of its
        // exposures. χ² with df = 3 spreads its power over directions the failure does not take.
        var settings = new SimulationSettings([0.05, 0.04, 0.03, 0.02], 100_000, 5_000, new WeightSettings(UniformShare: 0.1), new RetirementSettings())
        {
            Loss = new ExposureLoss(0, 0.05),
        };

        var summary = SrmSimulation.RunMany(settings, 200, 9);

        Assert.True(summary.FlaggedAtEndRate > summary.ChiSquareFlaggedAtEndRate + 0.05, $"{summary}");
        Assert.True(summary.FlaggedAtEndRate >= 0.6, $"{summary}");
    }

    [Fact]
    public void The_joined_check_stays_within_its_false_alarm_rate_on_correct_bandit_runs()
    {
        var settings = new SimulationSettings([0.05, 0.05, 0.05, 0.05], 50_000, 2_500, new WeightSettings(UniformShare: 0.1), new RetirementSettings());

        var summary = SrmSimulation.RunMany(settings, 1_000, 13);

        // At p < 0.001 over 1,000 runs, four or more flags would happen by chance under 2% of the time.
        Assert.True(summary.FlaggedAtEndRate <= 0.003, $"{summary}");
    }
}
