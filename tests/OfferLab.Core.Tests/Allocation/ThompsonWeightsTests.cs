using FsCheck.Xunit;
using OfferLab.Core.Allocation;

namespace OfferLab.Core.Tests.Allocation;

public sealed class ThompsonWeightsTests
{
    [Fact]
    public void Every_active_arm_gets_an_equal_share_while_any_active_arm_is_in_burn_in()
    {
        AllocationArm[] arms = [new(90, 1000), new(10, 1000), new(0, 99), new(0, 0, Active: false)];
        var weights = ThompsonWeights.Compute(arms, new WeightSettings(BurnIn: 100));
        Assert.All(weights[..3], w => Assert.Equal(1.0 / 3, w, 1e-15));
        Assert.Equal(0.0, weights[3]);
    }

    [Fact]
    public void After_burn_in_weights_are_p_best_floored_then_mixed_with_the_uniform_share()
    {
        AllocationArm[] arms = [new(100, 2000), new(120, 2000), new(0, 0, Active: false)];
        var settings = new WeightSettings(BurnIn: 100, Floor: 0.05, UniformShare: 0.2);
        var weights = ThompsonWeights.Compute(arms, settings);

        var p = ProbabilityBest.Compute([arms[0].Evidence, arms[1].Evidence]);
        double Shape(double x) => (0.8 * (0.05 + (0.9 * x))) + 0.1;
        Assert.Equal(Shape(p[0]), weights[0], 1e-12);
        Assert.Equal(Shape(p[1]), weights[1], 1e-12);
        Assert.Equal(0.0, weights[2]);
    }

    [Fact]
    public void Top_two_moves_weight_from_a_clear_leader_to_the_runner_up()
    {
        AllocationArm[] arms = [new(300, 3000), new(200, 3000), new(100, 3000)];
        var plain = ThompsonWeights.Compute(arms, new WeightSettings(0, 0.0, 0.0, TopTwo: false));
        var topTwo = ThompsonWeights.Compute(arms, new WeightSettings(0, 0.0, 0.0, TopTwo: true));
        Assert.True(plain[0] > 0.999);
        Assert.Equal(0.5, topTwo[0], 1e-3);
        Assert.Equal(0.5, topTwo[1], 1e-3);
    }

    [Fact]
    public void A_retired_arms_weight_goes_to_the_rest_and_no_active_arm_means_all_zero()
    {
        var weights = ThompsonWeights.Compute([new(5, 200), new(5, 200, Active: false), new(5, 200)], new WeightSettings());
        Assert.Equal(0.0, weights[1]);
        Assert.Equal(0.5, weights[0], 1e-4);
        Assert.Equal(1.0, weights.Sum(), 1e-12);
        Assert.All(ThompsonWeights.Compute([new(1, 2, Active: false)], new WeightSettings()), w => Assert.Equal(0.0, w));
    }

    [Fact]
    public void Fixed_weights_normalise_over_active_arms()
    {
        Assert.Equal([0.25, 0.0, 0.75], FixedWeights.Compute([1.0, 2.0, 3.0], [true, false, true]));
        Assert.Equal([0.5, 0.5, 0.0], FixedWeights.Compute([0.0, 0.0, 1.0], [true, true, false]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedWeights.Compute([-1.0, 1.0], [true, true]));
    }

    [Property(MaxTest = 200)]
    public bool Weights_sum_to_1_respect_the_floor_and_give_retired_arms_nothing(ushort[] counts, byte floorPick, byte sharePick, bool topTwo)
    {
        var arms = counts.Take(12).Select((c, i) => new AllocationArm(c % 150, (c % 150) + (c / 150) + 100, Active: i % 4 != 3)).ToArray();
        var settings = new WeightSettings(100, floorPick % 30 / 100.0, sharePick % 101 / 100.0, topTwo);
        var weights = ThompsonWeights.Compute(arms, settings);
        var active = arms.Count(a => a.Active);
        if (active == 0)
        {
            return weights.All(w => w == 0.0);
        }

        var floor = Math.Min(settings.Floor, 1.0 / active);
        var minimum = ((1 - settings.UniformShare) * floor) + (settings.UniformShare / active);
        return Math.Abs(weights.Sum() - 1.0) < 1e-12
            && arms.Select((a, k) => a.Active ? weights[k] >= minimum - 1e-12 : weights[k] == 0.0).All(ok => ok);
    }
}
