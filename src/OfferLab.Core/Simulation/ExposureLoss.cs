namespace OfferLab.Core.Simulation;

/// <summary>
/// A fault to simulate: each exposure of arm <paramref name="Arm"/> is lost with probability <paramref name="Share"/>
/// before anything counts it (the user is still served, but neither the exposure nor its outcome reaches the
/// experiment), the kind of bug a sample-ratio-mismatch check exists to catch.
/// </summary>
/// <param name="Arm">Index of the arm whose exposures go missing.</param>
/// <param name="Share">Probability that one of its exposures is lost, in [0, 1].</param>
public sealed record ExposureLoss(int Arm, double Share);
