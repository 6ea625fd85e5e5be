namespace OfferLab.Core.Statistics;

/// <summary>An arm's state for the retirement check: whether it is active, its exposures, and its confidence-sequence bounds.</summary>
public sealed record ArmBounds(string ArmId, bool Active, long Exposures, Interval Bounds);
