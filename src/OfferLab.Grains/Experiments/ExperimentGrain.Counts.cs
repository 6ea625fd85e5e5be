using System.Collections.Immutable;
using OfferLab.Abstractions.Assignment;
using OfferLab.Abstractions.Experiments;
using OfferLab.Core.Allocation;
using OfferLab.Core.Declarations;

namespace OfferLab.Grains.Experiments;

public sealed partial class ExperimentGrain
{
    /// <summary>Segments remembered as folded; far more than can be unflushed at once.</summary>
    private const int FoldedMemory = 512;

    /// <summary>
    /// Counts received but not yet checkpointed, by journal segment: each push of a segment replaces its entry, so one
    /// lost with this grain is whole again at the segment's next push, and before the segment is folded.
    /// </summary>
    private readonly Dictionary<string, Dictionary<(long Period, string Variant), ArmCounts>> _pending = new(StringComparer.Ordinal);

    /// <summary>Segment counts (attribute=value, variant) received but not yet checkpointed, by journal segment.</summary>
    private readonly Dictionary<string, Dictionary<(string Segment, string Variant), ArmCounts>> _pendingSegments = new(StringComparer.Ordinal);

    private IGrainTimer? _periodTimer;

    public async Task<AllocationView?> GetAllocationAsync()
    {
        if (state.State.Versions.Count == 0)
        {
            return null;
        }

        await StartIfDueAsync();
        var declaration = Current();
        var weights = declaration.Variants.Select(v => counts.State.Weights.GetValueOrDefault(v.Id)).ToImmutableArray();
        return new AllocationView(
            this.GetPrimaryKeyString(), state.State.Versions[^1].Version, state.State.Status, state.State.Versions[^1].Source,
            counts.State.Period, weights, [.. declaration.Variants.Where(v => Active(v.Id) || counts.State.Arms[v.Id].State == "winner").Select(v => v.Id)],
            state.State.Status == ExperimentStatus.Concluded ? state.State.Winner ?? declaration.Control.Id : null, counts.State.PeriodStartedAt);
    }

    public Task RecordCountsAsync(string segment, ImmutableArray<CountDelta> totals)
    {
        if (counts.State.Folded.Contains(segment))
        {
            return Task.CompletedTask;
        }

        // The segment's counts so far replace what was received of it before (see CountAggregator).
        var arms = new Dictionary<(long Period, string Variant), ArmCounts>();
        Dictionary<(string Segment, string Variant), ArmCounts>? bySegment = null;
        foreach (var delta in totals)
        {
            if (delta.Segment.Length > 0)
            {
                bySegment ??= [];
                var key = (delta.Segment, delta.Variant);
                bySegment[key] = bySegment.GetValueOrDefault(key, ArmCounts.Zero).Add(ToCounts(delta));
            }
            else
            {
                var key = (delta.Period, delta.Variant);
                arms[key] = arms.GetValueOrDefault(key, ArmCounts.Zero).Add(ToCounts(delta));
            }
        }

        _pending[segment] = arms;
        if (bySegment is null)
        {
            _pendingSegments.Remove(segment);
        }
        else
        {
            _pendingSegments[segment] = bySegment;
        }

        return Task.CompletedTask;
    }

    public async Task FoldSegmentAsync(string segment)
    {
        if (counts.State.Folded.Contains(segment))
        {
            return;
        }

        if (_pending.Remove(segment, out var arms))
        {
            foreach (var ((period, variant), delta) in arms)
            {
                if (!counts.State.Counts.TryGetValue(period, out var byArm))
                {
                    counts.State.Counts[period] = byArm = [];
                }

                byArm[variant] = byArm.GetValueOrDefault(variant, ArmCounts.Zero).Add(delta);
            }
        }

        if (_pendingSegments.Remove(segment, out var segments))
        {
            FoldSegments(segments);
        }

        counts.State.Folded.Add(segment);
        if (counts.State.Folded.Count > FoldedMemory)
        {
            counts.State.Folded.RemoveRange(0, counts.State.Folded.Count - FoldedMemory);
        }

        await WriteCountsAsync();
    }

    public async Task ClosePeriodAsync()
    {
        if (state.State.Versions.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        counts.State.Periods.Add(new PeriodRecord(counts.State.Period, state.State.Versions[^1].Version, counts.State.PeriodStartedAt, now, new(counts.State.Weights)));
        counts.State.Period++;
        counts.State.PeriodStartedAt = now;
        counts.State.Weights = Decide(Current(), decide: true);
        await WriteCountsAsync();
        await ConcludeIfDecidedAsync(Current());
    }

    public Task<ExperimentCounts?> GetCountsAsync()
    {
        if (state.State.Versions.Count == 0)
        {
            return Task.FromResult<ExperimentCounts?>(null);
        }

        var all = AllCounts();
        var closed = counts.State.Periods.Select(p => Tally(p.Index, p.Version, p.StartedAt, p.ClosedAt, p.Weights, all));
        var open = Tally(counts.State.Period, state.State.Versions[^1].Version, counts.State.PeriodStartedAt, null, counts.State.Weights, all);
        var totals = Current().Variants.Select(v => ToTally(v.Id, counts.State.Weights.GetValueOrDefault(v.Id), Total(all, v.Id)));
        var arms = Current().Variants.Select(v => counts.State.Arms.TryGetValue(v.Id, out var s)
            ? new ArmState(v.Id, s.State, s.State == "retired" ? s.At : null, s.State == "retired" ? s.Reason : null)
            : new ArmState(v.Id, "active", null, null));
        var decisions = counts.State.Decisions.Select(d => new DecisionEntry(d.At, d.Type, d.Period, d.Variant, d.Reason, d.Summary, d.Evidence.ToImmutableDictionary()));
        return Task.FromResult<ExperimentCounts?>(new ExperimentCounts(counts.State.Period, [.. closed, open], [.. totals], [.. arms], [.. decisions]));
    }

    /// <summary>Starts the first period (at creation) or a new one (when a new version changes the arms).</summary>
    private async Task StartPeriodAsync(ExperimentDeclaration declaration, bool closeCurrent)
    {
        var now = time.GetUtcNow();
        if (closeCurrent)
        {
            counts.State.Periods.Add(new PeriodRecord(counts.State.Period, state.State.Versions[^2].Version, counts.State.PeriodStartedAt, now, new(counts.State.Weights)));
            counts.State.Period++;
        }

        counts.State.PeriodStartedAt = now;
        counts.State.Weights = Decide(declaration, decide: false);
        await WriteCountsAsync();
        SchedulePeriods(declaration);
    }

    /// <summary>Closes periods on the declared schedule while the grain is active (the silo's cache keeps it active).</summary>
    private void SchedulePeriods(ExperimentDeclaration declaration)
    {
        _periodTimer?.Dispose();
        var period = declaration.Allocation.Period;
        var due = counts.State.PeriodStartedAt + period - time.GetUtcNow();
        _periodTimer = this.RegisterGrainTimer(async _ =>
        {
            await StartIfDueAsync();
            if (state.State.Status == ExperimentStatus.Running && time.GetUtcNow() >= counts.State.PeriodStartedAt + period)
            {
                await ClosePeriodAsync();
            }
        }, due < TimeSpan.Zero ? TimeSpan.Zero : due, period);
    }

    /// <summary>Checkpointed and pending counts together, by period and arm.</summary>
    private Dictionary<(long Period, string Variant), ArmCounts> AllCounts()
    {
        var all = new Dictionary<(long Period, string Variant), ArmCounts>();
        foreach (var (period, byArm) in counts.State.Counts)
        {
            foreach (var (variant, sum) in byArm)
            {
                all[(period, variant)] = sum;
            }
        }

        foreach (var arms in _pending.Values)
        {
            foreach (var (key, sum) in arms)
            {
                all[key] = all.GetValueOrDefault(key, ArmCounts.Zero).Add(sum);
            }
        }

        return all;
    }

    /// <summary>
    /// The arm to serve when concluding: among arms with data, the highest posterior mean conversion (ties:
    /// declaration order); with no data at all, the control — no evidence, no offer.
    /// </summary>
    private string BestArm(ExperimentDeclaration declaration)
    {
        var all = AllCounts();
        var tested = declaration.Variants
            .Where(v => Active(v.Id) || counts.State.Arms.GetValueOrDefault(v.Id)?.State == "winner")
            .Select(v => (v.Id, Sum: Total(all, v.Id)))
            .Where(x => x.Sum.Exposures > 0)
            .ToList();
        return tested.Count == 0
            ? declaration.Control.Id
            : tested.OrderByDescending(x => (x.Sum.Accepts + 1.0) / (x.Sum.Exposures + 2.0)).First().Id;
    }

    private async Task WriteCountsAsync()
    {
        try
        {
            await counts.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }

        AllocationChanged();
    }

    private static PeriodTally Tally(long index, int version, DateTimeOffset started, DateTimeOffset? closed, Dictionary<string, double> weights, Dictionary<(long Period, string Variant), ArmCounts> all)
    {
        var variants = weights.Keys.Union(all.Keys.Where(k => k.Period == index).Select(k => k.Variant));
        return new PeriodTally(index, version, started, closed,
            [.. variants.Select(v => ToTally(v, weights.GetValueOrDefault(v), all.GetValueOrDefault((index, v), ArmCounts.Zero)))]);
    }

    private static ArmTally ToTally(string variant, double weight, ArmCounts c) =>
        new(variant, weight, c.Exposures, c.Accepts, c.Declines, c.CorePurchases, c.Revenue, c.RevenueSquares);

    /// <summary>An arm's counts summed over every period.</summary>
    private static ArmCounts Total(Dictionary<(long Period, string Variant), ArmCounts> all, string variant) =>
        all.Where(c => c.Key.Variant == variant).Aggregate(ArmCounts.Zero, (acc, c) => acc.Add(c.Value));

    private static ArmCounts ToCounts(CountDelta d) => new(d.Exposures, d.Accepts, d.Declines, d.CorePurchases, d.Revenue, d.RevenueSquares);
}
