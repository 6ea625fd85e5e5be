namespace OfferLab.Core.Statistics;

/// <summary>
/// Result of the sample-ratio-mismatch check. <see cref="PValue"/> is null and <see cref="Flagged"/> false when the
/// test was not evaluated (fewer than two arms with expected traffic, or some expected count below 5).
/// </summary>
/// <param name="PValue">The check's p-value: the χ² and per-arm tests joined (see <see cref="SampleRatioMismatch"/>).</param>
/// <param name="Flagged">Whether <see cref="PValue"/> is below <see cref="SampleRatioMismatch.Threshold"/>.</param>
/// <param name="ChiSquare">Pearson's χ² over the arms with expected traffic.</param>
/// <param name="DegreesOfFreedom">Arms with expected traffic, minus one.</param>
/// <param name="ChiSquarePValue">The χ² test's own p-value, null when not evaluated.</param>
/// <param name="ArmZ">Per arm (index-aligned with the weights), the arm-versus-rest z statistic; null for arms not tested.</param>
public sealed record SrmResult(
    double? PValue, bool Flagged, double ChiSquare, int DegreesOfFreedom,
    double? ChiSquarePValue = null, IReadOnlyList<double?>? ArmZ = null);
