using OfferLab.Core.Declarations;

namespace OfferLab.Core.Reports;

/// <summary>One arm's counts in one allocation period, and the weight it had then.</summary>
public sealed record ReportArmCounts(string Variant, double Weight, long Exposures, long Accepts, long CorePurchases, double Revenue, double RevenueSquares);

/// <summary>One allocation period (the open one last, without <paramref name="ClosedAt"/>).</summary>
public sealed record ReportPeriod(long Index, DateTimeOffset StartedAt, DateTimeOffset? ClosedAt, IReadOnlyList<ReportArmCounts> Arms);

/// <summary>An arm's state: <c>active</c>, <c>retired</c> or <c>winner</c>.</summary>
public sealed record ReportArmState(string Variant, string State, DateTimeOffset? RetiredAt, string? Reason);

/// <summary>A logged decision with its evidence.</summary>
public sealed record ReportDecision(DateTimeOffset At, string Type, long Period, string? Variant, string? Reason, string Summary, IReadOnlyDictionary<string, double> Evidence);

/// <summary>Everything a report is computed from; the builder does no I/O.</summary>
public sealed record ReportInput(
    ExperimentDeclaration Declaration,
    int Version,
    string Status,
    IReadOnlyList<ReportPeriod> Periods,
    IReadOnlyList<ReportArmState> Arms,
    IReadOnlyList<ReportDecision> Decisions,
    DateTimeOffset Now,
    ReportSegmentInput? Segments = null);

/// <summary>Counts per arm for each value of one attribute (pooled over periods), for <c>?by=attribute</c>.</summary>
public sealed record ReportSegmentInput(string Attribute, IReadOnlyList<(string Value, IReadOnlyList<ReportArmCounts> Arms)> Values);
