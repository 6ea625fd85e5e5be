namespace OfferLab.Core.Statistics;

/// <summary>
/// One-sided always-valid guardrail: does the arm's rate (e.g. core-purchase rate) fall below control's by more
/// than <c>max_drop</c>? It uses the two-sided sequence at α and looks at one side only, which is conservative
/// (the chance of ever crossing one side is at most that of crossing either) and keeps one boundary for everything.
/// </summary>
public static class GuardrailTest
{
    /// <summary>Checks <paramref name="treatment"/> against <paramref name="control"/> at error <paramref name="alpha"/>.</summary>
    public static GuardrailResult Evaluate(Estimate treatment, Estimate control, double maxDrop, double alpha, double tuning = NormalMixtureSequence.DefaultTuning)
    {
        ArgumentNullException.ThrowIfNull(treatment);
        ArgumentNullException.ThrowIfNull(control);
        if (!(maxDrop >= 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxDrop), "max_drop must be ≥ 0.");
        }

        var drop = control.Mean - treatment.Mean;
        if (!treatment.IsDefined || !control.IsDefined)
        {
            return new GuardrailResult(drop, double.NegativeInfinity, maxDrop, 1.0, false);
        }

        var variance = treatment.Variance + control.Variance;
        var n = treatment.Exposures + control.Exposures;
        var lower = drop - NormalMixtureSequence.HalfWidth(variance, n, alpha, tuning);
        var p = drop <= maxDrop ? 1.0 : NormalMixtureSequence.PValue(drop - maxDrop, variance, n, alpha, tuning);
        return new GuardrailResult(drop, lower, maxDrop, p, lower > maxDrop);
    }
}
