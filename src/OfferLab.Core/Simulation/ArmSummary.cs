namespace OfferLab.Core.Simulation;

/// <summary>One arm over all runs of a batch.</summary>
/// <param name="TrueRate">The arm's true accept probability.</param>
/// <param name="MeanExposures">Mean over runs of the users it served.</param>
/// <param name="RetiredRate">Share of runs in which it was retired.</param>
/// <param name="MedianRetiredAtUser">
/// Median, over the runs in which it was retired, of the users served when it was retired (mean of the two middle
/// values for an even count); null when it was never retired.
/// </param>
public sealed record ArmSummary(double TrueRate, double MeanExposures, double RetiredRate, double? MedianRetiredAtUser);
