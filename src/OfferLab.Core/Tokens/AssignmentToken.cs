namespace OfferLab.Core.Tokens;

/// <summary>
/// What an assign answer's token carries, so that an outcome is attributed from the token alone: the exposure
/// (<paramref name="TokenId"/>), where it happened (experiment, version, allocation period, variant), to whom
/// (customer, session) and when it was issued (for the attribution window). <paramref name="Segments"/> holds the
/// assign request's attributes in <see cref="Segments.SegmentPairs"/> form, so outcomes count in the same segments as the
/// exposure; empty when none were sent (such tokens keep the first payload format).
/// </summary>
public sealed record AssignmentToken(
    string Experiment,
    int Version,
    long Period,
    string Variant,
    string CustomerId,
    string SessionId,
    DateTimeOffset IssuedAt,
    string TokenId,
    string Segments = "");
