namespace OfferLab.Core.Statistics;

/// <summary>
/// A guardrail check of one arm against control.
/// </summary>
/// <param name="Drop">Estimated drop, control − treatment (positive means the arm is worse).</param>
/// <param name="DropLowerBound">Always-valid lower bound on the drop.</param>
/// <param name="MaxDrop">The allowed drop.</param>
/// <param name="PValue">Always-valid p-value for H0: drop ≤ max_drop (1 when the estimate is within it).</param>
/// <param name="Breached">True when the lower bound of the drop exceeds max_drop: retire with reason <c>guardrail</c>.</param>
public sealed record GuardrailResult(double Drop, double DropLowerBound, double MaxDrop, double PValue, bool Breached);
