namespace OfferLab.Core.Declarations;

/// <summary>
/// Targeting: a session is eligible when every rule holds; then <see cref="Traffic"/> (in (0, 1]) of eligible
/// sessions are enrolled. Default: no rules, traffic 1.0.
/// </summary>
public sealed record Audience(IReadOnlyList<AudienceRule> Rules, double Traffic)
{
    public static Audience Default { get; } = new(ValueList<AudienceRule>.Empty, 1.0);

    /// <summary>Whether every rule holds for these session attributes (values as text, numbers in invariant form).</summary>
    public bool Matches(IReadOnlyDictionary<string, string?> attributes) =>
        Rules.All(rule => rule.Matches(attributes.TryGetValue(rule.Attribute, out var value) ? value : null));
}
