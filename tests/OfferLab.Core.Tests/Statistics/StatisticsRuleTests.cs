using OfferLab.Core.Allocation;
using OfferLab.Core.Statistics;

namespace OfferLab.Core.Tests.Statistics;

public sealed class StatisticsRuleTests
{
    [Fact]
    public void Retirement_takes_arms_whose_upper_bound_is_below_the_leaders_lower_bound_minus_margin()
    {
        ArmBounds[] arms =
        [
            new("best", true, 5000, new Interval(0.045, 0.055)),
            new("close", true, 5000, new Interval(0.040, 0.050)),
            new("loser", true, 5000, new Interval(0.020, 0.030)),
            new("thin", true, 100, new Interval(0.001, 0.010)),
            new("gone", false, 5000, new Interval(0.001, 0.005)),
        ];

        var retired = RetirementRule.Evaluate(arms, minExposures: 500, margin: 0.0);

        var evidence = Assert.Single(retired);
        Assert.Equal("loser", evidence.ArmId);
        Assert.Equal("best", evidence.LeaderId);
        Assert.Equal(0.045, evidence.LeaderBounds.Lower);
        Assert.Equal(5000, evidence.Exposures);
        Assert.Empty(RetirementRule.Evaluate(arms, minExposures: 500, margin: 0.02));
    }

    [Fact]
    public void Retirement_never_takes_the_last_active_arm_or_the_leader()
    {
        ArmBounds[] arms = [new("a", true, 10_000, new Interval(0.1, 0.1)), new("b", true, 10_000, new Interval(0.1, 0.1))];
        Assert.Empty(RetirementRule.Evaluate(arms, 0, 0.0));
        Assert.Empty(RetirementRule.Evaluate([new ArmBounds("a", true, 10_000, new Interval(0.0, 0.01))], 0, 0.0));
    }

    [Fact]
    public void Period_estimates_skip_periods_without_exposures_and_fall_back_to_pooled_variance_for_single_exposures()
    {
        PeriodArmSample[] periods =
        [
            PeriodArmSample.Bernoulli(1000, 0, 0),       // arm not yet added
            PeriodArmSample.Bernoulli(1000, 1, 1),       // one exposure: no per-period variance
            PeriodArmSample.Bernoulli(3000, 300, 30),
        ];

        var estimate = PeriodWeightedEstimator.Estimate(periods, bernoulli: true);

        var pooled = (31.0 - (31.0 * 31.0 / 301.0)) / 300.0;
        Assert.Equal((0.25 * 1.0) + (0.75 * 0.1), estimate.Mean, 1e-15);
        Assert.Equal((0.0625 * pooled / 1.0) + (0.5625 * (30.0 - (900.0 / 300.0)) / 299.0 / 300.0), estimate.Variance, 1e-15);
        Assert.Equal(301, estimate.Exposures);
    }

    [Fact]
    public void Estimates_without_data_are_undefined_and_single_bernoulli_points_get_the_largest_variance()
    {
        Assert.False(PeriodWeightedEstimator.Estimate([PeriodArmSample.Bernoulli(10, 0, 0)]).IsDefined);
        Assert.False(PeriodWeightedEstimator.Estimate([new PeriodArmSample(10, 1, 4.0, 16.0)]).IsDefined);
        Assert.Equal(0.25, PeriodWeightedEstimator.Estimate([PeriodArmSample.Bernoulli(10, 1, 1)], bernoulli: true).Variance);
    }

    [Fact]
    public void Continuous_metrics_use_sums_and_sums_of_squares()
    {
        // Values 1, 2, 3, 6 in one period: mean 3, sample variance 14/3.
        var estimate = PeriodWeightedEstimator.Estimate([new PeriodArmSample(4, 4, 12.0, 50.0)]);
        Assert.Equal(3.0, estimate.Mean, 1e-15);
        Assert.Equal(14.0 / 3.0 / 4.0, estimate.Variance, 1e-14);
    }

    [Fact]
    public void Guardrail_flags_a_clear_drop_beyond_max_drop_and_not_one_within_it()
    {
        var control = new Estimate(0.60, 0.60 * 0.40 / 20_000, 20_000);
        var worse = new Estimate(0.55, 0.55 * 0.45 / 20_000, 20_000);
        var breached = GuardrailTest.Evaluate(worse, control, maxDrop: 0.02, alpha: 0.05);
        Assert.True(breached.Breached);
        Assert.True(breached.PValue < 0.05);
        Assert.Equal(0.05, breached.Drop, 1e-12);

        var within = GuardrailTest.Evaluate(worse, control, maxDrop: 0.06, alpha: 0.05);
        Assert.False(within.Breached);
        Assert.Equal(1.0, within.PValue);
    }

    [Fact]
    public void Srm_is_not_evaluated_while_an_expected_count_is_below_5()
    {
        var result = SampleRatioMismatch.Evaluate([new SrmPeriod([0.5, 0.5], [8, 0])]);
        Assert.Null(result.PValue);
        Assert.False(result.Flagged);
        Assert.Null(SampleRatioMismatch.Evaluate([new SrmPeriod([0.98, 0.02], [196, 4])]).PValue);
    }

    [Fact]
    public void Srm_flags_a_split_that_misses_the_weights_in_force_but_not_one_that_follows_them()
    {
        SrmPeriod[] honest = [new([0.5, 0.5], [500, 500]), new([0.9, 0.1], [9000, 1000])];
        SrmPeriod[] lossy = [new([0.5, 0.5], [500, 500]), new([0.9, 0.1], [9000, 850])];
        Assert.False(SampleRatioMismatch.Evaluate(honest).Flagged);
        Assert.Equal(1.0, SampleRatioMismatch.Evaluate(honest).PValue!.Value, 1e-12);
        Assert.True(SampleRatioMismatch.Evaluate(lossy).Flagged);
    }

    [Fact]
    public void Expected_loss_is_zero_for_a_single_arm_and_smaller_for_the_likely_winner()
    {
        Assert.Equal([0.0], BayesianReadout.ExpectedLoss([new BetaArm(5, 10)]));
        var loss = BayesianReadout.ExpectedLoss([new BetaArm(50, 1000), new BetaArm(80, 1000)]);
        Assert.True(loss[1] < loss[0]);
    }
}
