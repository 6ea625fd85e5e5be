namespace OfferLab.Abstractions.Experiments;

/// <summary>Where an arm stands: <c>active</c>, <c>retired</c> (when and why: <c>loser</c>, <c>guardrail</c>, <c>removed</c>) or <c>winner</c>.</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.ArmState")]
public sealed record ArmState(
    [property: Id(0)] string Variant,
    [property: Id(1)] string State,
    [property: Id(2)] DateTimeOffset? RetiredAt,
    [property: Id(3)] string? Reason);
