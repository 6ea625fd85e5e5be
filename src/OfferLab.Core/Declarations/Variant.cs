namespace OfferLab.Core.Declarations;

/// <summary>One arm: an offer, or (usually for the control) no offer at all, so lift is incremental.</summary>
/// <param name="Id">Unique within the experiment, <c>^[a-z0-9][a-z0-9_-]{0,39}$</c>.</param>
/// <param name="IsControl">YAML key <c>control</c>; exactly one arm has it.</param>
/// <param name="Offer">What is shown; null shows nothing (allowed for the control only).</param>
public sealed record Variant(string Id, bool IsControl, Offer? Offer);
