namespace OfferLab.Core.Reports;

/// <summary>The significance report of SPEC.md (JSON names are these in camelCase), plus the per-period series behind the charts.</summary>
public sealed record SignificanceReport(
    string Experiment,
    int Version,
    string Status,
    DateTimeOffset GeneratedAt,
    double Alpha,
    string PrimaryMetric,
    int Periods,
    SrmReport Srm,
    IReadOnlyList<ReportDecision> Decisions,
    IReadOnlyList<VariantReport> Variants,
    IReadOnlyList<SeriesPoint> Series,
    SegmentsReport? Segments = null);

/// <summary>The breakdown by one attribute sent at assign time (pooled counts, not period-weighted).</summary>
public sealed record SegmentsReport(string Attribute, IReadOnlyList<SegmentValueReport> Values);

/// <summary>One value of the attribute, per arm.</summary>
public sealed record SegmentValueReport(string Value, IReadOnlyList<SegmentArmReport> Variants);

/// <summary>One arm within one segment value.</summary>
public sealed record SegmentArmReport(string Id, long Exposures, long Accepts, double? ConversionRate, double? CorePurchaseRate);

/// <summary>Sample ratio mismatch against the weights in force; <paramref name="PValue"/> null when not testable yet.</summary>
public sealed record SrmReport(double? PValue, bool Flagged);

/// <summary>One arm. Rates are period-weighted; null where no exposure exists yet.</summary>
public sealed record VariantReport(
    string Id,
    bool Control,
    string State,
    DateTimeOffset? RetiredAt,
    string? RetiredReason,
    double Weight,
    long Exposures,
    long Accepts,
    double? ConversionRate,
    IReadOnlyList<double> ConversionRateCI,
    double? RevenuePerExposure,
    double? MarginPerExposure,
    double? CorePurchaseRate,
    double ProbabilityBest,
    double ExpectedLoss,
    LiftReport? LiftVsControl);

/// <summary>Always-valid lift of conversion over control: estimate, interval, p-value.</summary>
public sealed record LiftReport(double Estimate, IReadOnlyList<double> Ci, double PValue);

/// <summary>The state at the end of one period: weights in force, cumulative conversion with interval, lift.</summary>
public sealed record SeriesPoint(long Index, DateTimeOffset StartedAt, DateTimeOffset? ClosedAt, IReadOnlyList<SeriesArm> Variants);

/// <summary>One arm at one point of the series.</summary>
public sealed record SeriesArm(string Id, double Weight, double? ConversionRate, IReadOnlyList<double>? ConversionRateCI, LiftReport? LiftVsControl);
