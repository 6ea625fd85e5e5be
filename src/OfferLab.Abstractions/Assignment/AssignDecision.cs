namespace OfferLab.Abstractions.Assignment;

/// <summary>What a customer grain decided for one experiment.</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.AssignDecision")]
public sealed record AssignDecision(
    [property: Id(0)] string Experiment,
    [property: Id(1)] AssignReason Reason,
    [property: Id(2)] string? Variant,
    [property: Id(3)] int Version,
    [property: Id(4)] long Period,
    [property: Id(5)] DateTimeOffset IssuedAt,
    [property: Id(6)] string? TokenId);

/// <summary>The reasons of SPEC.md's assign answer.</summary>
[GenerateSerializer]
public enum AssignReason
{
    Assigned,
    Sticky,
    NotEligible,
    Capped,
    Suppressed,
    Paused,
    Concluded,
}
