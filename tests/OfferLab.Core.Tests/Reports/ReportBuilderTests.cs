using System.Diagnostics;
using System.Text.Json;
using OfferLab.Core.Declarations;
using OfferLab.Core.Reports;

namespace OfferLab.Core.Tests.Reports;

public sealed class ReportBuilderTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_report_carries_the_spec_fields_with_period_weighted_estimates()
    {
        var report = ReportBuilder.Build(Input(Declaration(["fries", "cookie"]), [
            Period(0, ("control", 1 / 3.0, 1000, 0, 600), ("fries", 1 / 3.0, 1000, 100, 610), ("cookie", 1 / 3.0, 1000, 20, 600)),
            Period(1, ("control", 0.1, 200, 0, 120), ("fries", 0.8, 1600, 240, 980), ("cookie", 0.1, 200, 2, 120)),
        ]));

        var json = JsonSerializer.Serialize(report, Web);
        foreach (var field in new[] { "\"experiment\"", "\"version\"", "\"status\"", "\"generatedAt\"", "\"alpha\"", "\"primaryMetric\"", "\"periods\"", "\"srm\"", "\"pValue\"", "\"flagged\"", "\"decisions\"", "\"variants\"", "\"retiredAt\"", "\"retiredReason\"", "\"conversionRateCI\"", "\"revenuePerExposure\"", "\"marginPerExposure\"", "\"corePurchaseRate\"", "\"probabilityBest\"", "\"expectedLoss\"", "\"liftVsControl\"", "\"ci\"", "\"series\"" })
        {
            Assert.Contains(field, json, StringComparison.Ordinal);
        }

        var fries = report.Variants.Single(v => v.Id == "fries");
        // Period-weighted: (3000/5000)·0.10 + (2000/5000)·0.15 = 0.12, not the pooled 340/2600.
        Assert.Equal(0.12, fries.ConversionRate!.Value, 12);
        Assert.Equal(2600, fries.Exposures);
        Assert.Equal(340, fries.Accepts);
        Assert.Equal(0.12 * 1.6, fries.MarginPerExposure!.Value, 12);
        Assert.InRange(fries.ConversionRate.Value, fries.ConversionRateCI[0], fries.ConversionRateCI[1]);
        Assert.Null(report.Variants.Single(v => v.Control).LiftVsControl);
        Assert.NotNull(fries.LiftVsControl);
        Assert.InRange(fries.LiftVsControl.PValue, 0.0, 1.0);
        Assert.Equal(1.0, report.Variants.Sum(v => v.ProbabilityBest), 6);
        Assert.True(fries.ProbabilityBest > 0.99);
        Assert.Equal(2, report.Series.Count);
        Assert.Equal(0.8, report.Series[1].Variants.Single(v => v.Id == "fries").Weight);
        Assert.False(report.Srm.Flagged);
    }

    [Fact]
    public void Exposures_far_from_the_weights_in_force_are_flagged_as_sample_ratio_mismatch()
    {
        var report = ReportBuilder.Build(Input(Declaration(["fries", "cookie"]), [
            Period(0, ("control", 1 / 3.0, 1000, 0, 600), ("fries", 1 / 3.0, 1000, 100, 600), ("cookie", 1 / 3.0, 700, 20, 420)),
        ]));

        Assert.True(report.Srm.Flagged);
        Assert.True(report.Srm.PValue < 0.001);
    }

    [Fact]
    public void An_experiment_without_exposures_reports_nulls_not_nonsense()
    {
        var report = ReportBuilder.Build(Input(Declaration(["fries"]), [Period(0, ("control", 0.5, 0, 0, 0), ("fries", 0.5, 0, 0, 0))]));

        var json = JsonSerializer.Serialize(report, Web);
        Assert.All(report.Variants, v => Assert.Null(v.ConversionRate));
        Assert.All(report.Variants, v => Assert.Null(v.LiftVsControl));
        Assert.Null(report.Srm.PValue);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_arms_over_a_thousand_periods_report_with_a_thinned_series()
    {
        var ids = Enumerable.Range(0, 9).Select(i => $"offer-{i}").ToArray();
        var random = new Random(3);
        var periods = Enumerable.Range(0, 1000).Select(p => Period(p, [("control", 0.1, 100, 0, 60), .. ids.Select(id => (id, 0.1, 100L, (long)random.Next(3, 12), 60L))])).ToList();
        var input = Input(Declaration(ids), periods);
        ReportBuilder.Build(input);

        var clock = Stopwatch.StartNew();
        var report = ReportBuilder.Build(input);
        clock.Stop();

        Assert.Equal(1000, report.Periods);
        Assert.Equal(ReportBuilder.MaxSeriesPoints, report.Series.Count);
        Assert.Equal(999, report.Series[^1].Index);
        Assert.Equal(10, report.Variants.Count);
    }

    private static ReportInput Input(ExperimentDeclaration declaration, IReadOnlyList<ReportPeriod> periods) =>
        new(declaration, 2, "running", periods, [], [], Start.AddHours(1));

    private static ReportPeriod Period(long index, params (string Id, double Weight, long Exposures, long Accepts, long Core)[] arms) =>
        new(index, Start.AddMinutes(index), null, [.. arms.Select(a => new ReportArmCounts(a.Id, a.Weight, a.Exposures, a.Accepts, a.Core, a.Accepts * 2.0, a.Accepts * 4.0))]);

    private static ExperimentDeclaration Declaration(string[] offers)
    {
        var variants = string.Concat(offers.Select(o => $"\n  - id: {o}\n    offer: {{ sku: {o.ToUpperInvariant()}, title: {o}, price: 2.0, margin: 1.6 }}"));
        var yaml = $"""
            apiVersion: offerlab/v1
            id: report-test
            name: Report
            placement: cart
            variants:
              - id: control
                control: true
                offer: null{variants}

            """;
        var parsed = DeclarationParser.Parse(yaml, "report-test.yaml");
        return parsed.Declaration ?? throw new InvalidOperationException(string.Join("; ", parsed.Errors));
    }
}
