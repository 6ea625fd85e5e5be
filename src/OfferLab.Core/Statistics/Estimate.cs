namespace OfferLab.Core.Statistics;

/// <summary>
/// A per-exposure mean and the variance of that mean (not of one observation), over <paramref name="Exposures"/>.
/// <see cref="Mean"/> is NaN with no exposures; <see cref="Variance"/> is NaN when it cannot be estimated.
/// </summary>
public sealed record Estimate(double Mean, double Variance, long Exposures)
{
    /// <summary>Standard error of the mean.</summary>
    public double StandardError => Math.Sqrt(Variance);

    /// <summary>True when both mean and variance are numbers.</summary>
    public bool IsDefined => double.IsFinite(Mean) && double.IsFinite(Variance);
}
