namespace OfferLab.Core.Eligibility;

/// <summary>What an assign request says about the session: who, what is in the cart, and its attributes.</summary>
/// <param name="CustomerId">The customer; the traffic unit under <c>stickiness: customer</c>.</param>
/// <param name="SessionId">The session; the traffic unit under <c>stickiness: session</c>.</param>
/// <param name="CartSkus">SKUs in the cart, matched against <c>trigger.skus</c> (case-sensitive).</param>
/// <param name="CartCategories">Categories in the cart, matched against <c>trigger.categories</c> (case-insensitive).</param>
/// <param name="Attributes">Session attributes by name (names case-sensitive), tested by <c>audience.rules</c>.</param>
public sealed record AssignContext(
    string CustomerId,
    string SessionId,
    IReadOnlyList<string> CartSkus,
    IReadOnlyList<string> CartCategories,
    IReadOnlyDictionary<string, AttributeValue> Attributes);
