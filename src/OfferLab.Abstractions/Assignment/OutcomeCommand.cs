namespace OfferLab.Abstractions.Assignment;

/// <summary>An outcome attributed from a verified token.</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.OutcomeCommand")]
public sealed record OutcomeCommand(
    [property: Id(0)] string Experiment,
    [property: Id(1)] int Version,
    [property: Id(2)] long Period,
    [property: Id(3)] string Variant,
    [property: Id(4)] string SessionId,
    [property: Id(5)] string TokenId,
    [property: Id(6)] DateTimeOffset IssuedAt,
    [property: Id(7)] OutcomeKind Kind,
    [property: Id(8)] double Value,
    [property: Id(9)] string? IdempotencyKey,
    [property: Id(10)] string? OfferSku,
    [property: Id(11)] TimeSpan AttributionWindow,
    [property: Id(12)] string Segments = "");

/// <summary>What happened after an offer was shown.</summary>
[GenerateSerializer]
public enum OutcomeKind
{
    Accept,
    Decline,
    CorePurchase,
}

/// <summary>Whether an outcome was recorded, and if not why.</summary>
[GenerateSerializer]
public enum OutcomeStatus
{
    Recorded,
    Duplicate,
    OutsideWindow,
}
