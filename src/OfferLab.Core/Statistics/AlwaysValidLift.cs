namespace OfferLab.Core.Statistics;

/// <summary>
/// Lift vs control by the asymptotic confidence sequence (Waudby-Smith et al., as in GrowthBook):
/// Δ̂ = μ̂_B − μ̂_A, SE² = Var(μ̂_A) + Var(μ̂_B), n = n_A + n_B, half-width and p-value from
/// <see cref="NormalMixtureSequence"/>. Feed it period-weighted estimates so changing weights cannot fake a lift.
/// </summary>
public static class AlwaysValidLift
{
    /// <summary>Lift of <paramref name="treatment"/> over <paramref name="control"/> at error <paramref name="alpha"/>.</summary>
    public static LiftResult Compute(Estimate treatment, Estimate control, double alpha, double tuning = NormalMixtureSequence.DefaultTuning)
    {
        ArgumentNullException.ThrowIfNull(treatment);
        ArgumentNullException.ThrowIfNull(control);
        var delta = treatment.Mean - control.Mean;
        var variance = treatment.Variance + control.Variance;
        var n = treatment.Exposures + control.Exposures;
        if (!treatment.IsDefined || !control.IsDefined)
        {
            return new LiftResult(delta, new Interval(double.NegativeInfinity, double.PositiveInfinity), 1.0);
        }

        var half = NormalMixtureSequence.HalfWidth(variance, n, alpha, tuning);
        var p = NormalMixtureSequence.PValue(delta, variance, n, alpha, tuning);
        return new LiftResult(delta, new Interval(delta - half, delta + half), p);
    }
}
