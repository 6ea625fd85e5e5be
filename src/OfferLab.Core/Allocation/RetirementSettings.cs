namespace OfferLab.Core.Allocation;

/// <summary>
/// The declaration's <c>stopping</c> block as the period close needs it.
/// </summary>
/// <param name="Alpha">Error budget for ever retiring an arm that is in truth not worse; each arm's sequence gets α/K.</param>
/// <param name="MinExposures">Exposures an arm needs before it can be retired.</param>
/// <param name="Margin">Retire only arms worse than the best by more than this (metric units).</param>
/// <param name="RetireLosers">When false, no arm is retired (bounds are still computed for the report).</param>
/// <param name="ProtectedArm">Index of an arm never retired as a loser (the control: the baseline that lift and
/// guardrails are measured against, and an arm without an offer converts at 0); -1 for none.</param>
public sealed record RetirementSettings(double Alpha = 0.05, long MinExposures = 500, double Margin = 0.0, bool RetireLosers = true, int ProtectedArm = -1);
