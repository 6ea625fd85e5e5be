namespace OfferLab.Core.Simulation;

/// <summary>Share of runs flagged by the sample-ratio check: at the end of the run, and at any period close.</summary>
public sealed record SrmSummary(int Runs, double FlaggedAtEndRate, double FlaggedEverRate);
