namespace OfferLab.Abstractions.Assignment;

/// <summary>
/// Counts of one arm in one allocation period, added by a batch of journal records. <see cref="Segment"/> is empty
/// for the arm's own counts, or one <c>attribute=value</c> pair (SegmentPairs form) for the counts of that segment.
/// </summary>
[GenerateSerializer, Immutable, Alias("OfferLab.CountDelta")]
public sealed record CountDelta(
    [property: Id(0)] long Period,
    [property: Id(1)] string Variant,
    [property: Id(2)] long Exposures,
    [property: Id(3)] long Accepts,
    [property: Id(4)] long Declines,
    [property: Id(5)] long CorePurchases,
    [property: Id(6)] double Revenue,
    [property: Id(7)] double RevenueSquares,
    [property: Id(8)] string Segment = "");
