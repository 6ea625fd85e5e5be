namespace OfferLab.Core.Tokens;

/// <summary>
/// What an assign answer's token carries, so that an outcome is attributed from the token alone: the exposure
/// (<paramref name="TokenId"/>), where it happened (experiment, version, allocation period, variant), to whom
/// (customer, session) and when it was issued (for the attribution window).
/// </summary>
public sealed record AssignmentToken(
    string Experiment,
    int Version,
    long Period,
    string Variant,
    string CustomerId,
    string SessionId,
    DateTimeOffset IssuedAt,
    string TokenId);
