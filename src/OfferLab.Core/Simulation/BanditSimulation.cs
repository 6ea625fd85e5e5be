using OfferLab.Core.Allocation;

namespace OfferLab.Core.Simulation;

/// <summary>
/// Replays the batched allocation and retirement loop against known true rates, using the same
/// <see cref="PeriodClose"/> the experiment grain runs. Users pick arms from the period's cumulative weights with a
/// seeded generator (a stand-in for the hash, which is uniform in the same way) and accept with the arm's true rate.
/// </summary>
public static class BanditSimulation
{
    /// <summary>Runs one experiment of <see cref="SimulationSettings.Users"/> users; identical for identical seed and settings.</summary>
    public static SimulationRun Run(SimulationSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rates = settings.TrueRates.ToArray();
        var count = rates.Length;
        if (count < 1 || settings.Users < 0 || settings.PeriodUsers < 1 || rates.Any(r => !(r >= 0.0 && r <= 1.0)))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "Need ≥ 1 arm with rates in [0, 1], users ≥ 0 and period users ≥ 1.");
        }

        var random = new SeededRandom(seed);
        var ids = Enumerable.Range(0, count).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var best = rates.Max();
        var exposures = new long[count];
        var successes = new long[count];
        var active = Enumerable.Repeat(true, count).ToArray();
        var retiredAt = new long?[count];
        var cumulative = new double[count];
        SetCumulative(Enumerable.Repeat(1.0 / count, count).ToArray(), cumulative);
        var regret = 0.0;
        for (var user = 0; user < settings.Users; user++)
        {
            var draw = random.NextDouble();
            var arm = 0;
            while (arm < count - 1 && draw >= cumulative[arm])
            {
                arm++;
            }

            exposures[arm]++;
            if (random.NextDouble() < rates[arm])
            {
                successes[arm]++;
            }

            regret += best - rates[arm];
            if ((user + 1) % settings.PeriodUsers == 0)
            {
                var arms = Enumerable.Range(0, count).Select(k => new PeriodCloseArm(ids[k], successes[k], exposures[k], active[k])).ToArray();
                var decision = PeriodClose.Evaluate(arms, settings.Weights, settings.Retirement);
                foreach (var retired in decision.Retired)
                {
                    var k = Array.IndexOf(ids, retired.ArmId);
                    active[k] = false;
                    retiredAt[k] = user + 1;
                }

                SetCumulative(decision.Weights, cumulative);
            }
        }

        return new SimulationRun(regret, exposures, successes, retiredAt);
    }

    /// <summary>Expected regret of an equal split over all arms for <paramref name="users"/> users (the baseline).</summary>
    public static double UniformRegret(IReadOnlyList<double> trueRates, int users)
    {
        ArgumentNullException.ThrowIfNull(trueRates);
        return users * (trueRates.Max() - trueRates.Average());
    }

    // Zero-weight arms get a cumulative equal to the previous one, so `draw >= cumulative` skips them; the last
    // positive arm's bound is forced to +∞ so rounding can never push a draw past it into a retired arm.
    private static void SetCumulative(double[] weights, double[] cumulative)
    {
        var running = 0.0;
        var last = Array.FindLastIndex(weights, w => w > 0.0);
        for (var k = 0; k < weights.Length; k++)
        {
            running += weights[k];
            cumulative[k] = k >= last ? double.PositiveInfinity : running;
        }
    }
}
