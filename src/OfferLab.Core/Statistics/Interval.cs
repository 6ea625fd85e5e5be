namespace OfferLab.Core.Statistics;

/// <summary>A closed interval [<paramref name="Lower"/>, <paramref name="Upper"/>].</summary>
public readonly record struct Interval(double Lower, double Upper)
{
    /// <summary>Upper − Lower.</summary>
    public double Width => Upper - Lower;

    /// <summary>True when <paramref name="value"/> lies in the interval.</summary>
    public bool Contains(double value) => value >= Lower && value <= Upper;

    /// <summary>
    /// The running intersection of two confidence-sequence intervals. Intersecting every interval so far keeps
    /// the anytime guarantee and makes the reported bounds nest; if they do not overlap (which a valid sequence
    /// allows only with probability ≤ α) the latest interval is kept.
    /// </summary>
    public Interval Intersect(Interval latest)
    {
        var lower = Math.Max(Lower, latest.Lower);
        var upper = Math.Min(Upper, latest.Upper);
        return lower <= upper ? new Interval(lower, upper) : latest;
    }
}
