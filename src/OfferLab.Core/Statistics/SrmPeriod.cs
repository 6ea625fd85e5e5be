namespace OfferLab.Core.Statistics;

/// <summary>
/// One period for the sample-ratio check: the weights in force during it and the exposures each arm actually got,
/// index-aligned. The period's traffic n_p is the sum of the exposures.
/// </summary>
public sealed record SrmPeriod(IReadOnlyList<double> Weights, IReadOnlyList<long> Exposures);
