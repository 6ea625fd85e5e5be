using OfferLab.Core.Allocation;
using OfferLab.Core.Declarations;
using OfferLab.Core.Statistics;

namespace OfferLab.Core.Reports;

/// <summary>
/// Builds the significance report from counts per period and arm: period-weighted estimates (DESIGN.md), per-arm
/// anytime-valid intervals at α/K (the same Beta confidence sequences retirement uses), always-valid lift against the
/// control (normal-mixture sequence, tuning N* = 5,000), P(best) and expected loss from the Beta posteriors, SRM with
/// the weights in force. The series behind the charts has one point per period, thinned evenly to at most
/// <see cref="MaxSeriesPoints"/> (the last period always included), so a long experiment reports fast.
/// </summary>
public static class ReportBuilder
{
    public const int MaxSeriesPoints = 100;

    public static SignificanceReport Build(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var declaration = input.Declaration;
        var ids = declaration.Variants.Select(v => v.Id).ToList();
        var alpha = declaration.Stopping.Alpha;
        var level = alpha / ids.Count;
        var periods = input.Periods;
        var all = Window(periods, periods.Count, ids);
        var totals = ids.Select(id => (Exposures: all[id].Sum(s => s.Exposures), Accepts: all[id].Sum(s => s.Accepts))).ToList();
        var beta = totals.Select(t => new BetaArm(Math.Min(t.Accepts, t.Exposures), t.Exposures)).ToArray();
        var pBest = BayesianReadout.ProbabilityBest(beta);
        var loss = BayesianReadout.ExpectedLoss(beta);
        var conversion = ids.ToDictionary(id => id, id => Conversion(all[id]));
        var control = declaration.Control.Id;
        var current = periods.Count > 0 ? periods[^1].Arms.ToDictionary(a => a.Variant, a => a.Weight) : [];
        var variants = declaration.Variants.Select((v, k) =>
        {
            var state = input.Arms.FirstOrDefault(a => a.Variant == v.Id) ?? new ReportArmState(v.Id, "active", null, null);
            var ci = BetaConfidenceSequence.Compute(beta[k].Successes, beta[k].Trials, level);
            var rate = Defined(conversion[v.Id].Mean);
            return new VariantReport(
                v.Id, v.IsControl, state.State, state.RetiredAt, state.Reason, current.GetValueOrDefault(v.Id),
                totals[k].Exposures, totals[k].Accepts, rate, [ci.Lower, ci.Upper],
                Defined(PeriodWeightedEstimator.Estimate(all[v.Id].Select(s => new PeriodArmSample(s.Traffic, s.Exposures, s.Revenue, s.RevenueSquares))).Mean),
                rate * (double)(v.Offer?.Margin ?? 0m),
                Defined(PeriodWeightedEstimator.Estimate(all[v.Id].Select(s => PeriodArmSample.Bernoulli(s.Traffic, s.Exposures, Math.Min(s.CorePurchases, s.Exposures))), bernoulli: true).Mean),
                pBest[k], loss[k],
                v.IsControl ? null : Lift(conversion[v.Id], conversion[control], alpha));
        }).ToList();

        var srm = SampleRatioMismatch.Evaluate([.. periods.Where(p => p.Arms.Sum(a => a.Exposures) > 0).Select(p =>
            new SrmPeriod([.. ids.Select(id => p.Arms.FirstOrDefault(a => a.Variant == id)?.Weight ?? 0.0)],
                [.. ids.Select(id => p.Arms.FirstOrDefault(a => a.Variant == id)?.Exposures ?? 0L)]))]);
        return new SignificanceReport(
            declaration.Id, input.Version, input.Status, input.Now, alpha, "conversion", periods.Count,
            new SrmReport(srm.PValue, srm.Flagged), input.Decisions, variants, Series(input, ids, level, alpha), Segments(input.Segments, ids));
    }

    private static List<SeriesPoint> Series(ReportInput input, List<string> ids, double level, double alpha)
    {
        var periods = input.Periods;
        var step = Math.Max(1, (int)Math.Ceiling(periods.Count / (double)MaxSeriesPoints));
        var points = new List<SeriesPoint>();
        var control = input.Declaration.Control.Id;
        for (var end = periods.Count % step == 0 ? step : periods.Count % step; end <= periods.Count; end += step)
        {
            var window = Window(periods, end, ids);
            var conversion = ids.ToDictionary(id => id, id => Conversion(window[id]));
            var period = periods[end - 1];
            points.Add(new SeriesPoint(period.Index, period.StartedAt, period.ClosedAt, [.. ids.Select(id =>
            {
                var exposures = window[id].Sum(s => s.Exposures);
                var accepts = Math.Min(window[id].Sum(s => s.Accepts), exposures);
                var ci = exposures > 0 ? BetaConfidenceSequence.Compute(accepts, exposures, level) : (Interval?)null;
                return new SeriesArm(id, period.Arms.FirstOrDefault(a => a.Variant == id)?.Weight ?? 0.0, Defined(conversion[id].Mean),
                    ci is { } c ? [c.Lower, c.Upper] : null, id == control ? null : Lift(conversion[id], conversion[control], alpha));
            })]));
        }

        return points;
    }

    /// <summary>Per arm, its samples in the first <paramref name="count"/> periods, each with that period's total traffic.</summary>
    private static Dictionary<string, List<Sample>> Window(IReadOnlyList<ReportPeriod> periods, int count, List<string> ids)
    {
        var window = ids.ToDictionary(id => id, _ => new List<Sample>());
        for (var p = 0; p < count; p++)
        {
            var traffic = periods[p].Arms.Sum(a => a.Exposures);
            foreach (var arm in periods[p].Arms)
            {
                if (arm.Exposures > 0 && window.TryGetValue(arm.Variant, out var samples))
                {
                    samples.Add(new Sample(traffic, arm.Exposures, arm.Accepts, arm.CorePurchases, arm.Revenue, arm.RevenueSquares));
                }
            }
        }

        return window;
    }

    private static SegmentsReport? Segments(ReportSegmentInput? segments, List<string> ids) =>
        segments is null ? null : new SegmentsReport(segments.Attribute, [.. segments.Values.Select(v => new SegmentValueReport(v.Value, [.. ids
            .Select(id => v.Arms.FirstOrDefault(a => a.Variant == id))
            .Where(a => a is not null)
            .Select(a => new SegmentArmReport(a!.Variant, a.Exposures, a.Accepts,
                a.Exposures > 0 ? Math.Min(a.Accepts, a.Exposures) / (double)a.Exposures : null,
                a.Exposures > 0 ? Math.Min(a.CorePurchases, a.Exposures) / (double)a.Exposures : null))]))]);

    private static Estimate Conversion(List<Sample> samples) =>
        PeriodWeightedEstimator.Estimate(samples.Select(s => PeriodArmSample.Bernoulli(s.Traffic, s.Exposures, Math.Min(s.Accepts, s.Exposures))), bernoulli: true);

    private static LiftReport? Lift(Estimate treatment, Estimate control, double alpha)
    {
        if (!treatment.IsDefined || !control.IsDefined || treatment.Exposures < 2 || control.Exposures < 2)
        {
            return null;
        }

        var lift = AlwaysValidLift.Compute(treatment, control, alpha);
        return double.IsFinite(lift.Estimate) && double.IsFinite(lift.PValue) && double.IsFinite(lift.ConfidenceInterval.Lower) && double.IsFinite(lift.ConfidenceInterval.Upper)
            ? new LiftReport(lift.Estimate, [lift.ConfidenceInterval.Lower, lift.ConfidenceInterval.Upper], lift.PValue)
            : null;
    }

    private static double? Defined(double value) => double.IsFinite(value) ? value : null;

    private readonly record struct Sample(long Traffic, long Exposures, long Accepts, long CorePurchases, double Revenue, double RevenueSquares);
}
