using MathNet.Numerics;
using OfferLab.Core.Allocation;

namespace OfferLab.Core.Tests.Allocation;

public sealed class ArmSelectorTests
{
    [Fact]
    public void Draws_are_stable_fixed_values_on_every_machine()
    {
        // Pinned outputs of SHA-256 over the length-prefixed parts; a change here reshuffles every live assignment.
        Assert.Equal(PinnedArm, ArmSelector.Uniform("burger-addons", 7, "customer-42"), 0.0);
        Assert.Equal(PinnedTraffic, TrafficGate.Uniform("burger-addons", "customer-42"), 0.0);
    }

    [Fact]
    public void The_same_inputs_pick_the_same_arm_and_the_period_reshuffles()
    {
        double[] weights = [0.2, 0.3, 0.5];
        var first = Enumerable.Range(0, 200).Select(i => ArmSelector.Select("exp", 3, $"u{i}", weights)).ToArray();
        var again = Enumerable.Range(0, 200).Select(i => ArmSelector.Select("exp", 3, $"u{i}", weights)).ToArray();
        var nextPeriod = Enumerable.Range(0, 200).Select(i => ArmSelector.Select("exp", 4, $"u{i}", weights)).ToArray();
        Assert.Equal(first, again);
        Assert.NotEqual(first, nextPeriod);
    }

    [Fact]
    public void Arm_counts_over_100k_units_follow_the_weights_by_chi_square()
    {
        double[] weights = [0.1, 0.2, 0.3, 0.0, 0.4];
        var counts = new double[weights.Length];
        for (var i = 0; i < 100_000; i++)
        {
            counts[ArmSelector.Select("uniformity", 1, i.ToString(System.Globalization.CultureInfo.InvariantCulture), weights)]++;
        }

        Assert.Equal(0.0, counts[3]);
        var chi = Enumerable.Range(0, weights.Length).Where(k => weights[k] > 0)
            .Sum(k => Math.Pow(counts[k] - (100_000 * weights[k]), 2) / (100_000 * weights[k]));
        Assert.True(SpecialFunctions.GammaUpperRegularized(1.5, chi / 2) > 0.001, $"chi-square {chi}");
    }

    [Fact]
    public void Pick_skips_zero_weights_even_at_the_top_of_the_range()
    {
        Assert.Equal(1, ArmSelector.Pick([0.0, 1.0, 0.0], 0.0));
        Assert.Equal(1, ArmSelector.Pick([0.0, 1.0, 0.0], 0.9999999999999999));
        Assert.Equal(0, ArmSelector.Pick([0.5, 0.5], 0.4999));
        Assert.Equal(1, ArmSelector.Pick([0.5, 0.5], 0.5));
    }

    [Fact]
    public void Traffic_enrols_the_expected_share_independently_of_the_arm()
    {
        var enrolled = 0;
        var enrolledOnArm0 = 0;
        var onArm0 = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var unit = $"c{i}";
            var arm0 = ArmSelector.Select("exp", 1, unit, [0.5, 0.5]) == 0;
            var inside = TrafficGate.IsEnrolled("exp", unit, 0.3);
            enrolled += inside ? 1 : 0;
            onArm0 += arm0 ? 1 : 0;
            enrolledOnArm0 += inside && arm0 ? 1 : 0;
        }

        Assert.InRange(enrolled / 20_000.0, 0.29, 0.31);
        Assert.InRange(enrolledOnArm0 / (double)onArm0, 0.28, 0.32);
        Assert.True(TrafficGate.IsEnrolled("exp", "anyone", 1.0));
    }

    private const double PinnedArm = 0.834816805219908;
    private const double PinnedTraffic = 0.48059931158608626;
}
