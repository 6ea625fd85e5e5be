namespace OfferLab.Core.Statistics;

/// <summary>
/// Result of the sample-ratio-mismatch check. <see cref="PValue"/> is null and <see cref="Flagged"/> false when the
/// test was not evaluated (fewer than two arms with expected traffic, or some expected count below 5).
/// </summary>
public sealed record SrmResult(double? PValue, bool Flagged, double ChiSquare, int DegreesOfFreedom);
