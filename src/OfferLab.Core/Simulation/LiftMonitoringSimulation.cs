using MathNet.Numerics.Distributions;
using OfferLab.Core.Statistics;

namespace OfferLab.Core.Simulation;

/// <summary>
/// Continuous monitoring of lift vs control: after every period, the period-weighted estimates of both arms
/// (<see cref="PeriodWeightedEstimator"/>) go through <see cref="AlwaysValidLift"/> — what the report shows — and,
/// as the negative control, through a fixed-horizon two-sided z-test on the same numbers, which is only valid when
/// looked at once.
/// </summary>
public static class LiftMonitoringSimulation
{
    /// <summary>One run; identical for identical seed and settings.</summary>
    public static LiftMonitoringRun Run(LiftMonitoringSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Periods < 1 || settings.PeriodUsers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "Need ≥ 1 period of ≥ 1 user.");
        }

        var random = new SeededRandom(seed);
        var control = new List<PeriodArmSample>(settings.Periods);
        var treatment = new List<PeriodArmSample>(settings.Periods);
        int? alwaysValid = null, zTest = null;
        bool alwaysValidLast = false, zTestLast = false;
        for (var look = 1; look <= settings.Periods; look++)
        {
            long controlUsers = 0, controlAccepts = 0, treatmentUsers = 0, treatmentAccepts = 0;
            for (var user = 0; user < settings.PeriodUsers; user++)
            {
                if (random.NextDouble() < settings.TreatmentShare)
                {
                    treatmentUsers++;
                    treatmentAccepts += random.NextDouble() < settings.TreatmentRate ? 1 : 0;
                }
                else
                {
                    controlUsers++;
                    controlAccepts += random.NextDouble() < settings.ControlRate ? 1 : 0;
                }
            }

            control.Add(PeriodArmSample.Bernoulli(settings.PeriodUsers, controlUsers, controlAccepts));
            treatment.Add(PeriodArmSample.Bernoulli(settings.PeriodUsers, treatmentUsers, treatmentAccepts));
            var c = PeriodWeightedEstimator.Estimate(control, bernoulli: true);
            var t = PeriodWeightedEstimator.Estimate(treatment, bernoulli: true);
            var valid = AlwaysValidLift.Compute(t, c, settings.Alpha, settings.Tuning).PValue < settings.Alpha;
            var naive = ZTestPValue(t, c) < settings.Alpha;
            alwaysValid ??= valid ? look : null;
            zTest ??= naive ? look : null;
            alwaysValidLast = valid;
            zTestLast = naive;
        }

        return new LiftMonitoringRun(alwaysValid, zTest, alwaysValidLast, zTestLast);
    }

    /// <summary>Runs <paramref name="runs"/> seeded runs over the cores and counts rejections.</summary>
    public static LiftMonitoringSummary RunMany(
        LiftMonitoringSettings settings, int runs, ulong seed, Action? runFinished = null, int maxParallelism = -1, CancellationToken cancellation = default)
    {
        var results = ParallelRuns.Map(runs, seed, s => Run(settings, s), runFinished, maxParallelism, cancellation);
        double Share(Func<LiftMonitoringRun, bool> test) => (double)results.Count(test) / runs;
        return new LiftMonitoringSummary(
            runs,
            Share(r => r.AlwaysValidFirstRejection is not null),
            Share(r => r.ZTestFirstRejection is not null),
            Share(r => r.AlwaysValidAtLastLook),
            Share(r => r.ZTestAtLastLook));
    }

    /// <summary>Two-sided p-value of the difference of two estimates under a normal approximation (1 when undefined).</summary>
    internal static double ZTestPValue(Estimate treatment, Estimate control)
    {
        var variance = treatment.Variance + control.Variance;
        if (!treatment.IsDefined || !control.IsDefined || !(variance > 0.0))
        {
            return 1.0;
        }

        var z = Math.Abs(treatment.Mean - control.Mean) / Math.Sqrt(variance);
        return 2.0 * Normal.CDF(0.0, 1.0, -z);
    }
}
