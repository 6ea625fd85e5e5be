namespace OfferLab.Core.Simulation;

/// <summary>Share of runs flagged by the sample-ratio check: at the end of the run, and at any period close.</summary>
/// <param name="Runs">Runs simulated.</param>
/// <param name="FlaggedAtEndRate">Share flagged by the check at the end.</param>
/// <param name="FlaggedEverRate">Share flagged at any period close.</param>
/// <param name="ChiSquareFlaggedAtEndRate">Share the χ² test alone flags at the end (for comparison).</param>
public sealed record SrmSummary(int Runs, double FlaggedAtEndRate, double FlaggedEverRate, double ChiSquareFlaggedAtEndRate = 0.0);
