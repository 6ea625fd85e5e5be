using OfferLab.Core.Statistics;

namespace OfferLab.Core.Allocation;

/// <summary>
/// What a period close decides, index-aligned with the arms it was given.
/// </summary>
/// <param name="Retired">Arms retired now, with evidence (empty when none).</param>
/// <param name="Weights">Weights for the next period; retired arms (old and new) get 0; sums to 1.</param>
/// <param name="Bounds">Each arm's Beta confidence-sequence interval at α/K.</param>
public sealed record PeriodCloseResult(IReadOnlyList<RetirementEvidence> Retired, double[] Weights, IReadOnlyList<Interval> Bounds);
