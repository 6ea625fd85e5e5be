namespace OfferLab.Core.Statistics;

/// <summary>
/// Why an arm was retired: its bounds fell below the leader's lower bound minus the margin. Logged as-is in the
/// decision log so that the decision can be checked later.
/// </summary>
public sealed record RetirementEvidence(
    string ArmId,
    long Exposures,
    Interval Bounds,
    string LeaderId,
    long LeaderExposures,
    Interval LeaderBounds,
    double Margin,
    long MinExposures);
