using System.Collections.Immutable;

namespace OfferLab.Abstractions.Experiments;

/// <summary>
/// One decision the experiment took on its own, with its evidence: <c>weights</c> (a period closed and the next
/// period's weights were set), <c>retired</c> (an arm retired, reason <c>loser</c> or <c>removed</c>),
/// <c>guardrail</c> (an arm retired for breaking a guardrail) or <c>concluded</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("OfferLab.DecisionEntry")]
public sealed record DecisionEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Type,
    [property: Id(2)] long Period,
    [property: Id(3)] string? Variant,
    [property: Id(4)] string? Reason,
    [property: Id(5)] string Summary,
    [property: Id(6)] ImmutableDictionary<string, double> Evidence);
