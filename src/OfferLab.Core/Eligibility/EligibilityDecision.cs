namespace OfferLab.Core.Eligibility;

/// <summary>
/// Whether a session is enrolled in an experiment and, if not, the first check that kept it out, e.g.
/// <c>audience.rules[1]: days_since_purchase is 45, not &lt;= 30</c> (for logs and debugging, not for storefronts).
/// </summary>
/// <param name="Eligible">True when the session is enrolled.</param>
/// <param name="Reason">Null when eligible; otherwise which check failed and why, led by its declaration key.</param>
public sealed record EligibilityDecision(bool Eligible, string? Reason)
{
    /// <summary>The session is enrolled.</summary>
    public static EligibilityDecision Yes { get; } = new(true, null);

    /// <summary>The session is not enrolled, because of <paramref name="reason"/>.</summary>
    public static EligibilityDecision No(string reason) => new(false, reason);
}
