using OfferLab.Core.Allocation;
using OfferLab.Core.Simulation;

namespace OfferLab.Core.Tests.Allocation;

public sealed class SimulationTests
{
    private static readonly SimulationSettings FourArms = new(
        [0.05, 0.04, 0.03, 0.02], 60_000, 1_000, new WeightSettings(100, 0.01, 0.10), new RetirementSettings(0.05, 500, 0.0));

    [Fact]
    public void A_seed_fixes_the_whole_run()
    {
        var first = BanditSimulation.Run(FourArms, 7);
        var again = BanditSimulation.Run(FourArms, 7);
        var other = BanditSimulation.Run(FourArms, 8);
        Assert.Equal(first.Regret, again.Regret);
        Assert.Equal(first.Exposures, again.Exposures);
        Assert.Equal(first.RetiredAtUser, again.RetiredAtUser);
        Assert.NotEqual(first.Exposures, other.Exposures);
    }

    [Fact]
    public void The_bandit_serves_every_user_beats_the_equal_split_and_retires_the_worst_arm_not_the_best()
    {
        var run = BanditSimulation.Run(FourArms, 11);
        Assert.Equal(60_000, run.Exposures.Sum());
        Assert.True(run.Regret < BanditSimulation.UniformRegret(FourArms.TrueRates, 60_000) / 3);
        Assert.Null(run.RetiredAtUser[0]);
        Assert.NotNull(run.RetiredAtUser[3]);
        Assert.Equal(0, run.RetiredAtUser[3]!.Value % 1_000);
    }

    [Fact]
    public void Equal_arms_are_never_retired_and_a_period_close_matches_the_shared_rule()
    {
        var equal = FourArms with { TrueRates = [0.05, 0.05, 0.05], Users = 30_000 };
        Assert.All(BanditSimulation.Run(equal, 3).RetiredAtUser, Assert.Null);

        PeriodCloseArm[] arms = [new("a", 100, 2000, true), new("b", 10, 2000, true), new("c", 0, 0, false)];
        var decision = PeriodClose.Evaluate(arms, new WeightSettings(), new RetirementSettings());
        Assert.Equal("b", Assert.Single(decision.Retired).ArmId);
        Assert.Equal([1.0, 0.0, 0.0], decision.Weights);
    }

    [Fact]
    public void Seeded_random_is_the_reference_xoshiro256_starstar_sequence()
    {
        var random = new SeededRandom(0);
        Assert.Equal(Pinned, random.NextUInt64());
    }

    private const ulong Pinned = 11091344671253066420;
}
