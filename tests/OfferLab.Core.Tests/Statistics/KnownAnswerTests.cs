using OfferLab.Core.Allocation;
using OfferLab.Core.Statistics;

namespace OfferLab.Core.Tests.Statistics;

public sealed class KnownAnswerTests
{
    public static TheoryData<int> PosteriorCases => Vectors.Indices("posterior");
    public static TheoryData<int> SequenceCases => Vectors.Indices("betaConfidenceSequence");
    public static TheoryData<int> MsprtCases => Vectors.Indices("msprt");
    public static TheoryData<int> SrmCases => Vectors.Indices("srm");

    [Fact]
    public void Probability_that_B_beats_A_and_the_loss_of_choosing_B_match_the_reference()
    {
        BetaArm[] arms = [new(100, 2000), new(120, 2000)]; // Beta(101, 1901) and Beta(121, 1881)
        Assert.Equal(0.91690, ProbabilityBest.Compute(arms)[1], 1e-4);
        Assert.Equal(2.745e-4, BayesianReadout.ExpectedLoss(arms)[1], 1e-7);
    }

    [Theory]
    [MemberData(nameof(PosteriorCases))]
    public void Probability_best_top_two_and_expected_loss_match_mpmath(int index)
    {
        var c = Vectors.Section("posterior")[index];
        var arms = c.GetProperty("arms").EnumerateArray().Select(a => new BetaArm(a[0].GetInt64(), a[1].GetInt64())).ToArray();
        AssertClose(c.GetProperty("pBest").Doubles(), ProbabilityBest.Compute(arms), 1e-5);
        AssertClose(c.GetProperty("topTwo").Doubles(), ProbabilityBest.ComputeTopTwo(arms), 1e-5);
        AssertClose(c.GetProperty("expectedLoss").Doubles(), BayesianReadout.ExpectedLoss(arms), 1e-7);
    }

    [Theory]
    [MemberData(nameof(SequenceCases))]
    public void Beta_confidence_sequence_endpoints_match_mpmath(int index)
    {
        var c = Vectors.Section("betaConfidenceSequence")[index];
        var interval = BetaConfidenceSequence.Compute(c.GetProperty("successes").GetInt64(), c.GetProperty("trials").GetInt64(), c.GetProperty("level").GetDouble());
        Assert.Equal(c.GetProperty("lower").GetDouble(), interval.Lower, 1e-10);
        Assert.Equal(c.GetProperty("upper").GetDouble(), interval.Upper, 1e-10);
    }

    [Theory]
    [MemberData(nameof(MsprtCases))]
    public void Always_valid_lift_half_width_and_p_value_match_mpmath(int index)
    {
        var c = Vectors.Section("msprt")[index];
        var control = ToEstimate(c.GetProperty("control").Doubles());
        var treatment = ToEstimate(c.GetProperty("treatment").Doubles());
        var lift = AlwaysValidLift.Compute(treatment, control, c.GetProperty("alpha").GetDouble(), c.GetProperty("tuning").GetDouble());
        Assert.Equal(treatment.Mean - control.Mean, lift.Estimate, 1e-15);
        Assert.Equal(c.GetProperty("halfWidth").GetDouble(), lift.ConfidenceInterval.Width / 2, 1e-12);
        Assert.Equal(c.GetProperty("pValue").GetDouble(), lift.PValue, 1e-12);
    }

    [Theory]
    [MemberData(nameof(SrmCases))]
    public void Sample_ratio_mismatch_p_values_match_mpmath(int index)
    {
        var c = Vectors.Section("srm")[index];
        var periods = c.GetProperty("periods").EnumerateArray().Select(p => new SrmPeriod(
            p.GetProperty("weights").Doubles(), p.GetProperty("exposures").EnumerateArray().Select(e => e.GetInt64()).ToArray())).ToArray();
        var result = SampleRatioMismatch.Evaluate(periods);
        Assert.Equal(c.GetProperty("df").GetInt32(), result.DegreesOfFreedom);
        Assert.Equal(c.GetProperty("chiSquare").GetDouble(), result.ChiSquare, 1e-9);
        Assert.NotNull(result.PValue);
        Assert.Equal(c.GetProperty("pValue").GetDouble(), result.PValue.Value, 1e-12);
        Assert.Equal(c.GetProperty("chiSquarePValue").GetDouble(), result.ChiSquarePValue!.Value, 1e-12);
        Assert.Equal(result.PValue < SampleRatioMismatch.Threshold, result.Flagged);
    }

    [Fact]
    public void Period_weighting_picks_the_arm_that_is_better_in_every_period_where_pooling_does_not()
    {
        var v = Vectors.Section("simpson");
        var periods = v.GetProperty("periods").EnumerateArray().ToArray();
        PeriodArmSample[] Samples(string arm) => periods.Select(p => PeriodArmSample.Bernoulli(
            p.GetProperty("traffic").GetInt64(), p.GetProperty(arm)[0].GetInt64(), p.GetProperty(arm)[1].GetInt64())).ToArray();
        var a = PeriodWeightedEstimator.Estimate(Samples("A"), bernoulli: true);
        var b = PeriodWeightedEstimator.Estimate(Samples("B"), bernoulli: true);

        Assert.Equal(v.GetProperty("A").GetProperty("weightedMean").GetDouble(), a.Mean, 1e-12);
        Assert.Equal(v.GetProperty("B").GetProperty("weightedMean").GetDouble(), b.Mean, 1e-12);
        Assert.Equal(v.GetProperty("A").GetProperty("weightedVariance").GetDouble(), a.Variance, 1e-15);
        Assert.Equal(v.GetProperty("B").GetProperty("weightedVariance").GetDouble(), b.Variance, 1e-15);
        Assert.True(PeriodWeightedEstimator.PooledMean(Samples("A")) > PeriodWeightedEstimator.PooledMean(Samples("B")), "pooled means should pick A");
        Assert.True(b.Mean > a.Mean, "period-weighted means should pick B");
    }

    private static Estimate ToEstimate(double[] v) => new(v[0], v[1], (long)v[2]);

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= tolerance, $"arm {k}: expected {expected[k]:R}, got {actual[k]:R}");
        }
    }
}
