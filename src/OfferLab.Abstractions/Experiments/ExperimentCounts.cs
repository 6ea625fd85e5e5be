using System.Collections.Immutable;

namespace OfferLab.Abstractions.Experiments;

/// <summary>One arm's weight and counts (in one period, or in total).</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.ArmTally")]
public sealed record ArmTally(
    [property: Id(0)] string Variant,
    [property: Id(1)] double Weight,
    [property: Id(2)] long Exposures,
    [property: Id(3)] long Accepts,
    [property: Id(4)] long Declines,
    [property: Id(5)] long CorePurchases,
    [property: Id(6)] double Revenue,
    [property: Id(7)] double RevenueSquares);

/// <summary>One allocation period: the declaration version and weights in force, and what was counted in it.</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.PeriodTally")]
public sealed record PeriodTally(
    [property: Id(0)] long Index,
    [property: Id(1)] int Version,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset? ClosedAt,
    [property: Id(4)] ImmutableArray<ArmTally> Arms);

/// <summary>An experiment's counts: every period (the current one last, open) and the totals per arm.</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.ExperimentCounts")]
public sealed record ExperimentCounts(
    [property: Id(0)] long Period,
    [property: Id(1)] ImmutableArray<PeriodTally> Periods,
    [property: Id(2)] ImmutableArray<ArmTally> Totals,
    [property: Id(3)] ImmutableArray<ArmState> Arms,
    [property: Id(4)] ImmutableArray<DecisionEntry> Decisions);
