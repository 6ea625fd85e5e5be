namespace OfferLab.Core.Allocation;

/// <summary>One declared arm at period close: its id, cumulative conversion evidence, and whether it is active.</summary>
public sealed record PeriodCloseArm(string Id, long Successes, long Trials, bool Active);
