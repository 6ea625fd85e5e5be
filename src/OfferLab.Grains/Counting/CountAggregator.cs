using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OfferLab.Abstractions.Assignment;
using OfferLab.Abstractions.Experiments;
using OfferLab.Core.Segments;

namespace OfferLab.Grains.Counting;

/// <summary>
/// Folds this silo's journal records into per-experiment counts, grouped by journal segment, and sends them to the
/// experiment grains in batches (every <see cref="PushInterval"/>, and on demand when a segment is flushed), so that
/// no experiment grain sits on the request path.
/// <para>
/// What is sent is a segment's counts so far, not what was added since the last push: the experiment grain replaces
/// what it held of the segment. An experiment grain holds a segment's counts in memory until the segment is folded,
/// and in a cluster it may live on another node and be lost with that node while this one lives on; deltas already
/// sent would then be lost for good (a two-node test lost 28 of 589 exposures). The next push of the segment, and the
/// full one before it is folded, restores them, and every segment is sent again every <see cref="FullPushInterval"/> in
/// case its grain was lost while the segment got no new record. Replacing also makes a replayed segment count once
/// whatever the grain kept of it.
/// </para>
/// </summary>
public sealed partial class CountAggregator(IGrainFactory grains, ILogger<CountAggregator> logger) : IDisposable
{
    public static readonly TimeSpan PushInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How often every unflushed segment's counts are sent, changed or not (a grain that lost them has them back by then).</summary>
    public static readonly TimeSpan FullPushInterval = TimeSpan.FromSeconds(5);

    /// <summary>Distinct attribute sets whose segment keys are remembered; past that, keys are decoded per record.</summary>
    private const int MaxRememberedSegments = 4096;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _pushing = new(1, 1);
    // Every unflushed segment's counts so far, and which of them changed since they were last sent.
    private readonly Dictionary<(string Segment, string Experiment), Dictionary<(long Period, string Variant, string Segment), Sum>> _totals = [];
    private readonly HashSet<(string Segment, string Experiment)> _changed = [];
    private readonly Dictionary<string, HashSet<string>> _touched = [];
    private readonly ConcurrentDictionary<string, string[]> _segmentKeys = new(StringComparer.Ordinal);
    private int _rememberedSegments;

    /// <summary>Adds the counts of one durable journal record.</summary>
    public void Add(string segment, OfferEvent offerEvent)
    {
        var delta = offerEvent.ToDelta();
        var keys = SegmentKeys(offerEvent.Segments);
        lock (_gate)
        {
            Add(segment, offerEvent.Experiment, (delta.Period, delta.Variant, ""), default(Sum) + delta);
            foreach (var key in keys)
            {
                Add(segment, offerEvent.Experiment, (delta.Period, delta.Variant, key), default(Sum) + delta);
            }
        }
    }

    /// <summary>
    /// The segment keys (<c>attribute=value</c>) a record counts under. Storefronts send few distinct attribute sets,
    /// so each set's keys are decoded once and remembered (up to <see cref="MaxRememberedSegments"/> sets), not made
    /// again for every record.
    /// </summary>
    private string[] SegmentKeys(string? segments)
    {
        if (segments is null)
        {
            return [];
        }

        if (_segmentKeys.TryGetValue(segments, out var keys))
        {
            return keys;
        }

        keys = [.. SegmentPairs.Decode(segments).Select(pair => SegmentPairs.Pair(pair.Attribute, pair.Value))];

        // Counted apart: ConcurrentDictionary.Count takes every lock of the map, and past the bound every record of a
        // storefront with many distinct attribute sets would ask for it.
        if (Interlocked.Increment(ref _rememberedSegments) > MaxRememberedSegments || !_segmentKeys.TryAdd(segments, keys))
        {
            Interlocked.Decrement(ref _rememberedSegments);
        }

        return keys;
    }

    /// <summary>
    /// Sends the counts so far of every segment that changed since it was last sent (with <paramref name="all"/>, of
    /// every segment; with <paramref name="onlySegment"/>, of that segment, changed or not); what fails is sent again at
    /// the next push. True when everything was sent.
    /// </summary>
    public async Task<bool> PushAsync(string? onlySegment = null, bool all = false)
    {
        await _pushing.WaitAsync();
        try
        {
            List<(string Segment, string Experiment, ImmutableArray<CountDelta> Totals)> batch = [];
            lock (_gate)
            {
                foreach (var (key, arms) in _totals)
                {
                    if (onlySegment is null ? all || _changed.Contains(key) : key.Segment == onlySegment)
                    {
                        _changed.Remove(key);
                        batch.Add((key.Segment, key.Experiment, [.. arms.Select(a => a.Value.ToDelta(a.Key.Period, a.Key.Variant, a.Key.Segment))]));
                    }
                }
            }

            var allSent = true;
            foreach (var (segment, experiment, totals) in batch)
            {
                try
                {
                    await grains.GetGrain<IExperimentGrain>(experiment).RecordCountsAsync(segment, totals);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    allSent = false;
                    LogPushFailed(logger, ex, experiment, segment);
                    lock (_gate)
                    {
                        if (_totals.ContainsKey((segment, experiment)))
                        {
                            _changed.Add((segment, experiment));
                        }
                    }
                }
            }

            return allSent;
        }
        finally
        {
            _pushing.Release();
        }
    }

    /// <summary>The experiments that received counts of <paramref name="segment"/>.</summary>
    public IReadOnlyList<string> ExperimentsOf(string segment)
    {
        lock (_gate)
        {
            return _touched.TryGetValue(segment, out var experiments) ? [.. experiments] : [];
        }
    }

    /// <summary>Drops the counts and bookkeeping of a flushed segment (folded into its experiments' stored counts).</summary>
    public void Forget(string segment)
    {
        lock (_gate)
        {
            if (_touched.Remove(segment, out var experiments))
            {
                foreach (var experiment in experiments)
                {
                    _totals.Remove((segment, experiment));
                    _changed.Remove((segment, experiment));
                }
            }
        }
    }

    public void Dispose() => _pushing.Dispose();

    private void Add(string segment, string experiment, (long, string, string) arm, Sum sum)
    {
        if (!_touched.TryGetValue(segment, out var experiments))
        {
            _touched[segment] = experiments = new(StringComparer.Ordinal);
        }

        experiments.Add(experiment);
        var key = (segment, experiment);
        if (!_totals.TryGetValue(key, out var arms))
        {
            _totals[key] = arms = [];
        }

        arms[arm] = arms.GetValueOrDefault(arm) + sum;
        _changed.Add(key);
    }

    [LoggerMessage(LogLevel.Warning, "Counts of {Experiment} from segment {Segment} could not be sent; sent again at the next push.")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, string experiment, string segment);

    private readonly record struct Sum(long Exposures, long Accepts, long Declines, long CorePurchases, double Revenue, double RevenueSquares)
    {
        public static Sum operator +(Sum a, CountDelta d) =>
            new(a.Exposures + d.Exposures, a.Accepts + d.Accepts, a.Declines + d.Declines, a.CorePurchases + d.CorePurchases, a.Revenue + d.Revenue, a.RevenueSquares + d.RevenueSquares);

        public static Sum operator +(Sum a, Sum b) =>
            new(a.Exposures + b.Exposures, a.Accepts + b.Accepts, a.Declines + b.Declines, a.CorePurchases + b.CorePurchases, a.Revenue + b.Revenue, a.RevenueSquares + b.RevenueSquares);

        public CountDelta ToDelta(long period, string variant, string segment) => new(period, variant, Exposures, Accepts, Declines, CorePurchases, Revenue, RevenueSquares, segment);
    }
}
