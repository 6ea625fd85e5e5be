using FsCheck.Xunit;
using OfferLab.Core.Allocation;
using OfferLab.Core.Statistics;

namespace OfferLab.Core.Tests.Statistics;

public sealed class StatisticsPropertyTests
{
    private static readonly double[] Alphas = [0.001, 0.01, 0.05, 0.1, 0.2];

    [Property(MaxTest = 300)]
    public bool Lift_p_values_are_in_0_1_and_the_interval_contains_the_estimate(ushort nA, ushort sA, ushort nB, ushort sB, byte alphaPick)
    {
        var control = Bernoulli(nA + 2, sA % (nA + 3));
        var treatment = Bernoulli(nB + 2, sB % (nB + 3));
        var lift = AlwaysValidLift.Compute(treatment, control, Alphas[alphaPick % Alphas.Length]);
        return lift.PValue is >= 0.0 and <= 1.0 && lift.ConfidenceInterval.Contains(lift.Estimate);
    }

    [Property(MaxTest = 300)]
    public bool Lift_interval_excludes_zero_exactly_when_p_is_below_alpha(ushort nA, ushort sA, ushort nB, ushort sB)
    {
        var lift = AlwaysValidLift.Compute(Bernoulli(nB + 50, sB % (nB + 51)), Bernoulli(nA + 50, sA % (nA + 51)), 0.05);
        var excludes = !lift.ConfidenceInterval.Contains(0.0);
        var margin = Math.Abs(Math.Abs(lift.Estimate) - (lift.ConfidenceInterval.Width / 2));
        return margin < 1e-12 || excludes == (lift.PValue < 0.05);
    }

    [Property(MaxTest = 200)]
    public bool Guardrail_p_values_are_in_0_1_and_breach_agrees_with_the_bound(ushort nA, ushort sA, ushort nB, ushort sB, byte drop)
    {
        var result = GuardrailTest.Evaluate(Bernoulli(nB + 2, sB % (nB + 3)), Bernoulli(nA + 2, sA % (nA + 3)), drop / 1000.0, 0.05);
        return result.PValue is >= 0.0 and <= 1.0 && result.Breached == (result.DropLowerBound > result.MaxDrop)
            && result.DropLowerBound <= result.Drop;
    }

    [Property(MaxTest = 300)]
    public bool Beta_sequence_contains_the_observed_rate(ushort trials, ushort successes, byte alphaPick)
    {
        var s = successes % (trials + 1);
        var interval = BetaConfidenceSequence.Compute(s, trials, Alphas[alphaPick % Alphas.Length]);
        var rate = trials == 0 ? 0.5 : (double)s / trials;
        return interval.Lower >= 0.0 && interval.Upper <= 1.0 && interval.Contains(rate);
    }

    [Property(MaxTest = 200)]
    public bool Running_intersection_of_the_sequence_nests_as_data_grows(int seed, byte rate)
    {
        var random = new Random(seed);
        var p = (rate % 99 + 1) / 100.0;
        long successes = 0, trials = 0;
        var running = new Interval(0.0, 1.0);
        for (var step = 0; step < 30; step++)
        {
            for (var i = 0; i < 50; i++, trials++)
            {
                successes += random.NextDouble() < p ? 1 : 0;
            }

            var next = running.Intersect(BetaConfidenceSequence.Compute(successes, trials, 0.0125));
            if (next.Lower < running.Lower || next.Upper > running.Upper)
            {
                return false;
            }

            running = next;
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool Normal_mixture_width_shrinks_as_observations_grow_past_a_few(ushort n, byte extra)
    {
        long first = n + 10, second = first + extra + 1;
        const double variance = 0.25;
        return NormalMixtureSequence.HalfWidth(variance / second, second, 0.05) < NormalMixtureSequence.HalfWidth(variance / first, first, 0.05);
    }

    [Property(MaxTest = 100)]
    public bool Probability_best_and_top_two_sum_to_1(ushort[] counts)
    {
        var arms = counts.Take(8).Select((c, i) => new BetaArm(c % 200, (c % 200) + (c / 200) + i)).ToArray();
        if (arms.Length == 0)
        {
            return ProbabilityBest.Compute(arms).Length == 0;
        }

        var best = ProbabilityBest.Compute(arms);
        var topTwo = ProbabilityBest.ComputeTopTwo(arms);
        return Math.Abs(best.Sum() - 1.0) < 1e-12 && Math.Abs(topTwo.Sum() - 1.0) < 1e-12
            && best.All(p => p >= 0.0) && topTwo.All(p => p >= 0.0);
    }

    private static Estimate Bernoulli(int trials, int successes) =>
        PeriodWeightedEstimator.Estimate([PeriodArmSample.Bernoulli(trials, trials, successes)], bernoulli: true);
}
