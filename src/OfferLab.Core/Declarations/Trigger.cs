namespace OfferLab.Core.Declarations;

/// <summary>
/// The core purchase an offer attaches to: the session matches when its cart holds any of <see cref="Categories"/>
/// or any of <see cref="Skus"/>. Both empty (the default) matches every session.
/// </summary>
public sealed record Trigger(IReadOnlyList<string> Categories, IReadOnlyList<string> Skus)
{
    /// <summary>Matches every session.</summary>
    public static Trigger Default { get; } = new(ValueList<string>.Empty, ValueList<string>.Empty);

    /// <summary>True when the trigger names nothing and so matches every session.</summary>
    public bool MatchesAll => Categories.Count == 0 && Skus.Count == 0;

    /// <summary>Whether a cart with these SKUs and categories triggers the offer.</summary>
    public bool Matches(IEnumerable<string> cartSkus, IEnumerable<string> cartCategories) =>
        MatchesAll || cartSkus.Any(Skus.Contains) || cartCategories.Any(Categories.Contains);
}
