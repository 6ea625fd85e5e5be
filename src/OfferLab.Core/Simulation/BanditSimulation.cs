using OfferLab.Core.Allocation;
using OfferLab.Core.Statistics;

namespace OfferLab.Core.Simulation;

/// <summary>
/// Replays the batched allocation and retirement loop against known true rates, using the same
/// <see cref="PeriodClose"/> the experiment grain runs. Users pick arms from the period's cumulative weights with a
/// seeded generator (a stand-in for the hash, which is uniform in the same way) and accept with the arm's true rate.
/// Under the <c>fixed</c> policy the weights are the declared ones (<see cref="FixedWeights"/>, as the grain computes
/// them) over the arms still active; retirement is the shared rule either way.
/// </summary>
public static class BanditSimulation
{
    /// <summary>Runs one experiment of <see cref="SimulationSettings.Users"/> users; identical for identical seed and settings.</summary>
    /// <param name="settings">The experiment.</param>
    /// <param name="seed">Fixes every draw of the run.</param>
    /// <param name="periodClosed">
    /// Called at every period close, before the close, with the weights that were in force during the period and the
    /// exposures each arm had counted in it (what the sample-ratio check reads). The lists are the caller's to keep.
    /// </param>
    public static SimulationRun Run(SimulationSettings settings, ulong seed, Action<SrmPeriod>? periodClosed = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rates = settings.TrueRates.ToArray();
        var count = rates.Length;
        Validate(settings, count);
        var random = new SeededRandom(seed);
        var ids = Enumerable.Range(0, count).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var best = rates.Max();
        var exposures = new long[count];
        var successes = new long[count];
        var periodExposures = new long[count];
        var active = Enumerable.Repeat(true, count).ToArray();
        var retiredAt = new long?[count];
        var weights = settings.FixedWeights is { } initial ? FixedWeights.Compute(initial, active) : Enumerable.Repeat(1.0 / count, count).ToArray();
        var cumulative = new double[count];
        SetCumulative(weights, cumulative);
        var (lossArm, lossShare) = settings.Loss is { } loss ? (loss.Arm, loss.Share) : (-1, 0.0);
        var regret = 0.0;
        for (var user = 0; user < settings.Users; user++)
        {
            var draw = random.NextDouble();
            var arm = 0;
            while (arm < count - 1 && draw >= cumulative[arm])
            {
                arm++;
            }

            regret += best - rates[arm];
            var lost = arm == lossArm && random.NextDouble() < lossShare;
            var accepted = random.NextDouble() < rates[arm];
            if (!lost)
            {
                exposures[arm]++;
                periodExposures[arm]++;
                successes[arm] += accepted ? 1 : 0;
            }

            if ((user + 1) % settings.PeriodUsers == 0)
            {
                periodClosed?.Invoke(new SrmPeriod([.. weights], [.. periodExposures]));
                Array.Clear(periodExposures);
                var arms = Enumerable.Range(0, count).Select(k => new PeriodCloseArm(ids[k], successes[k], exposures[k], active[k])).ToArray();
                var decision = PeriodClose.Evaluate(arms, settings.Weights, settings.Retirement);
                foreach (var retired in decision.Retired)
                {
                    var k = Array.IndexOf(ids, retired.ArmId);
                    active[k] = false;
                    retiredAt[k] = user + 1;
                }

                weights = settings.FixedWeights is { } declared ? FixedWeights.Compute(declared, active) : decision.Weights;
                SetCumulative(weights, cumulative);
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

    private static void Validate(SimulationSettings settings, int count)
    {
        if (count < 1 || settings.Users < 0 || settings.PeriodUsers < 1 || settings.TrueRates.Any(r => !(r >= 0.0 && r <= 1.0)))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "Need ≥ 1 arm with rates in [0, 1], users ≥ 0 and period users ≥ 1.");
        }

        if (settings.FixedWeights is { } declared && declared.Count != count)
        {
            throw new ArgumentException("The fixed policy needs one weight per arm.", nameof(settings));
        }

        if (settings.Loss is { } loss && (loss.Arm < 0 || loss.Arm >= count || !(loss.Share >= 0.0 && loss.Share <= 1.0)))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "An exposure loss needs an existing arm and a share in [0, 1].");
        }
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
