namespace OfferLab.Core.Simulation;

/// <summary>One run's sample-ratio checks.</summary>
/// <param name="FlaggedAtEnd">Whether the check over all periods, at the end of the run, flags.</param>
/// <param name="FirstFlaggedPeriod">First period close (1-based) at which the check over the periods so far flagged, or null.</param>
/// <param name="EndPValue">p-value of the check at the end (null when it could not be evaluated).</param>
/// <param name="ChiSquareFlaggedAtEnd">Whether the χ² test alone (DESIGN.md's test, without the per-arm tests) flags at the end.</param>
public sealed record SrmRun(bool FlaggedAtEnd, int? FirstFlaggedPeriod, double? EndPValue, bool ChiSquareFlaggedAtEnd = false);
