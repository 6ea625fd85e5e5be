using System.Collections.Immutable;

namespace OfferLab.Abstractions.Experiments;

/// <summary>Counts per arm of one value of a segment attribute (weights are not kept per segment: 0).</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.SegmentTally")]
public sealed record SegmentTally(
    [property: Id(0)] string Value,
    [property: Id(1)] ImmutableArray<ArmTally> Arms);
