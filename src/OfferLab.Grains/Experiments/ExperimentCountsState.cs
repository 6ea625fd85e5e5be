namespace OfferLab.Grains.Experiments;

/// <summary>
/// An experiment's counted data (stored apart from its declarations): the allocation period in force and its
/// weights, every closed period's weights (the decision log of weight updates), counts per period and arm from
/// checkpointed journal segments, and which segments are already folded in (so a replay never counts twice).
/// </summary>
public sealed class ExperimentCountsState
{
    public long Period { get; set; }

    public DateTimeOffset PeriodStartedAt { get; set; }

    /// <summary>Weights of the current period, by variant id.</summary>
    public Dictionary<string, double> Weights { get; set; } = [];

    public List<PeriodRecord> Periods { get; set; } = [];

    /// <summary>Period → variant → counts, from folded segments only.</summary>
    public Dictionary<long, Dictionary<string, ArmCounts>> Counts { get; set; } = [];

    /// <summary>Journal segments whose counts are in <see cref="Counts"/>, newest last (the oldest are pruned).</summary>
    public List<string> Folded { get; set; } = [];

    /// <summary>Arms that are no longer active (retired, or the winner), by variant id; absent means active.</summary>
    public Dictionary<string, ArmStatus> Arms { get; set; } = [];

    /// <summary>Attribute → value → variant → counts, pooled over periods (from folded segments only).</summary>
    public Dictionary<string, Dictionary<string, Dictionary<string, ArmCounts>>> Segments { get; set; } = [];

    /// <summary>Every decision the experiment took on its own, oldest first.</summary>
    public List<DecisionRecord> Decisions { get; set; } = [];
}

/// <summary>An arm's state (<c>retired</c> or <c>winner</c>), since when and why.</summary>
public sealed record ArmStatus(string State, DateTimeOffset At, string Reason);

/// <summary>A decision with its evidence (bounds, counts, p-values by name).</summary>
public sealed record DecisionRecord(DateTimeOffset At, string Type, long Period, string? Variant, string? Reason, string Summary, Dictionary<string, double> Evidence);

/// <summary>A closed allocation period: when, under which declaration version, and the weights that were in force.</summary>
public sealed record PeriodRecord(long Index, int Version, DateTimeOffset StartedAt, DateTimeOffset ClosedAt, Dictionary<string, double> Weights);

/// <summary>Counts of one arm in one period.</summary>
public sealed record ArmCounts(long Exposures, long Accepts, long Declines, long CorePurchases, double Revenue, double RevenueSquares)
{
    public static ArmCounts Zero { get; } = new(0, 0, 0, 0, 0, 0);

    public ArmCounts Add(ArmCounts other) => new(
        Exposures + other.Exposures, Accepts + other.Accepts, Declines + other.Declines,
        CorePurchases + other.CorePurchases, Revenue + other.Revenue, RevenueSquares + other.RevenueSquares);
}
