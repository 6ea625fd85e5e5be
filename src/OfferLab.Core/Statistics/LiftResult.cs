namespace OfferLab.Core.Statistics;

/// <summary>
/// An arm's lift over control in metric units (treatment − control, e.g. conversion points), with an always-valid
/// confidence interval and p-value that stay valid under continuous peeking.
/// </summary>
public sealed record LiftResult(double Estimate, Interval ConfidenceInterval, double PValue);
