using OfferLab.Core.Statistics;

namespace OfferLab.Core.Simulation;

/// <summary>
/// A two-arm test (control and one treatment) whose lift is looked at after every period.
/// </summary>
/// <param name="ControlRate">True accept rate of the control.</param>
/// <param name="TreatmentRate">True accept rate of the treatment (equal to the control's for an A/A test).</param>
/// <param name="Periods">Periods, hence looks, per run.</param>
/// <param name="PeriodUsers">Users per period, split at random between the arms.</param>
/// <param name="Alpha">Error level of both tests.</param>
/// <param name="TreatmentShare">Probability that a user gets the treatment (0.5: equal split).</param>
/// <param name="Tuning">N* of the always-valid sequence.</param>
public sealed record LiftMonitoringSettings(
    double ControlRate,
    double TreatmentRate,
    int Periods,
    int PeriodUsers,
    double Alpha = 0.05,
    double TreatmentShare = 0.5,
    double Tuning = NormalMixtureSequence.DefaultTuning);
