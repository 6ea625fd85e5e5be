using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OfferLab.Abstractions.Assignment;
using OfferLab.Abstractions.Experiments;
using OfferLab.Grains.Customers;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Grains.Counting;

/// <summary>
/// Keeps the journal and the grains' stored state in step. At start, before the server takes traffic, it
/// replays every segment a previous run left unflushed (a crash): customers re-apply what their stored state
/// lacks and counts are rebuilt from the records. While running, it pushes counts to experiment grains and, when
/// a segment closes, has every customer and experiment it touched write its state (customers released since, with
/// their state stored on the way out, are no longer on the segment's list), then marks it flushed.
/// </summary>
public sealed partial class JournalCheckpointer(
    IEventJournal journal,
    OfferJournal offers,
    CountAggregator counts,
    IGrainFactory grains,
    CustomerShards customers,
    ILogger<JournalCheckpointer> logger) : BackgroundService
{
    /// <summary>
    /// Customers a shard is asked to write in one call: as many as a batch transaction of the storage holds. With the
    /// shards following the storage buckets (<see cref="CustomerShards"/>), a chunk's writes reach one bucket together
    /// and fill its next transaction.
    /// </summary>
    internal const int CheckpointChunk = 100;

    /// <summary>
    /// Chunks being written at once. A few fill the next transactions while those before are in flight; more only hold
    /// more unwritten state in memory, and the requests served meanwhile wait out longer GC pauses (p99 of sticky
    /// assigns during a 20,000-customer checkpoint was 13 ms with 256 customers writing at once, 19-23 ms with 512
    /// and 1,024).
    /// </summary>
    private const int CheckpointCalls = 3;

    private readonly HashSet<string> _retry = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>True once start-up recovery finished: readiness waits for it.</summary>
    public bool Recovered { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        journal.SegmentClosed += OnSegmentClosedAsync;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        journal.SegmentClosed -= OnSegmentClosedAsync;
        await base.StopAsync(cancellationToken);
        if (Recovered && journal.IsReady)
        {
            await DrainAsync(cancellationToken);
        }
    }

    /// <summary>
    /// A node stopped gracefully checkpoints what its journal holds: the open segment is closed and it and every
    /// segment still waiting for a retry are flushed, so that customers and counts are stored and nothing is left for
    /// a replay. In a cluster that matters most: a node that is stopped and not started again (scaled in) has no next
    /// start to replay its journal, and the counts it had sent live only in experiment grains' memory until folded.
    /// Whatever the host's shutdown timeout cuts short stays unflushed, for the next start with this journal id.
    /// </summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            var closed = await journal.RotateAsync(cancellationToken);
            await offers.DrainAsync();
            string[] segments;
            lock (_gate)
            {
                segments = [.. _retry.Append(closed).Distinct(StringComparer.Ordinal)];
            }

            foreach (var segment in segments)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await FlushAsync(segment);
            }

            LogDrained(logger, segments.Length);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogDrainFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        using var timer = new PeriodicTimer(CountAggregator.PushInterval);
        var ticks = 0;
        var fullEvery = (int)(CountAggregator.FullPushInterval / CountAggregator.PushInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await counts.PushAsync(all: ++ticks % fullEvery == 0);
            if (ticks % 20 == 0)
            {
                string[] retry;
                lock (_gate)
                {
                    retry = [.. _retry];
                }

                foreach (var segment in retry)
                {
                    await FlushAsync(segment);
                }
            }
        }
    }

    /// <summary>Replays what a previous run left unflushed, retrying while storage does not answer; readiness waits for it.</summary>
    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (journal.IsReady)
                {
                    var current = journal.CurrentSegment;
                    foreach (var segment in await journal.ListUnflushedSegmentsAsync(stoppingToken))
                    {
                        if (segment != current)
                        {
                            await ReplayAsync(segment, stoppingToken);
                        }
                    }

                    Recovered = true;
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                LogRecoveryFailed(logger, ex);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
        }
    }

    private async Task ReplayAsync(string segment, CancellationToken cancellationToken)
    {
        var records = new List<JournalRecord>();
        await foreach (var record in journal.ReadAsync(segment, cancellationToken))
        {
            records.Add(record);
        }

        // One customer's records in order; customers in parallel.
        await Parallel.ForEachAsync(records.GroupBy(r => r.StreamId), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (customer, _) =>
        {
            foreach (var record in customer)
            {
                var counts = await customers.Get(customer.Key).ReplayAsync(segment, record.Position.Sequence, record.Payload);
                offers.Recorded(record.Position, OfferEvent.FromJson(record.Payload), counts);
            }
        });
        LogReplayed(logger, segment, records.Count);
        await FlushAsync(segment);
    }

    private async Task OnSegmentClosedAsync(string segment)
    {
        await offers.DrainAsync();
        await FlushAsync(segment);
    }

    internal async Task FlushAsync(string segment)
    {
        try
        {
            if (!await counts.PushAsync(segment))
            {
                throw new InvalidOperationException($"Counts of segment {segment} could not all be sent.");
            }

            var lacking = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(Chunks(offers.LastRecordsOf(segment), customers.ShardOf), new ParallelOptions { MaxDegreeOfParallelism = CheckpointCalls }, async (chunk, _) =>
            {
                foreach (var customer in await customers.Shard(chunk.Shard).PersistAsync(chunk.Customers, chunk.LastSequences, segment))
                {
                    lacking.Add(customer);
                }
            });
            if (!lacking.IsEmpty)
            {
                await ReplayLackingAsync(segment, [.. lacking]);
            }

            foreach (var experiment in counts.ExperimentsOf(segment))
            {
                await grains.GetGrain<IExperimentGrain>(experiment).FoldSegmentAsync(segment);
            }

            await journal.MarkFlushedAsync(segment);
            offers.Forget(segment);
            counts.Forget(segment);
            lock (_gate)
            {
                _retry.Remove(segment);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The segment stays unflushed in storage, so nothing is lost: it is retried, or replayed after a restart.
            LogFlushFailed(logger, ex, segment);
            lock (_gate)
            {
                _retry.Add(segment);
            }
        }
    }

    /// <summary>
    /// Customers whose state lacked their records of the segment when it was to be written: lost from memory unstored
    /// after the records were applied, where the customer's own replay cannot bring them back (it knows the journal of
    /// the node it is on, and these came from this node's). The segment's records of them are applied again (counted
    /// already, so not counted again) and they are written; the segment is marked flushed only after.
    /// </summary>
    private async Task ReplayLackingAsync(string segment, IReadOnlyCollection<string> lacking)
    {
        LogReplayingLacking(logger, lacking.Count, segment);
        var wanted = lacking.ToHashSet(StringComparer.Ordinal);
        var records = new List<JournalRecord>();
        await foreach (var record in journal.ReadAsync(segment))
        {
            if (wanted.Contains(record.StreamId))
            {
                records.Add(record);
            }
        }

        await Parallel.ForEachAsync(records.GroupBy(r => r.StreamId), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (ofCustomer, _) =>
        {
            var customer = customers.Get(ofCustomer.Key);
            foreach (var record in ofCustomer)
            {
                await customer.ReplayAsync(record.Position.Segment, record.Position.Sequence, record.Payload);
            }

            if (!await customer.PersistAsync(segment, ofCustomer.Max(r => r.Position.Sequence)))
            {
                throw new InvalidOperationException($"Customer {ofCustomer.Key}'s state still lacks its records of segment {segment}.");
            }
        });
    }

    /// <summary>
    /// The customers to write, grouped by shard in shard order (so bucket by bucket, shards following buckets) and cut
    /// into chunks of at most <see cref="CheckpointChunk"/>: one grain call per chunk instead of one per customer.
    /// </summary>
    internal static IEnumerable<(int Shard, ImmutableArray<string> Customers, ImmutableArray<long> LastSequences)> Chunks(IEnumerable<KeyValuePair<string, long>> lastRecords, Func<string, int> shardOf)
    {
        var byShard = new List<KeyValuePair<string, long>>?[CustomerShards.ShardCount];
        foreach (var record in lastRecords)
        {
            (byShard[shardOf(record.Key)] ??= []).Add(record);
        }

        for (var shard = 0; shard < byShard.Length; shard++)
        {
            if (byShard[shard] is not { } shardRecords)
            {
                continue;
            }

            for (var start = 0; start < shardRecords.Count; start += CheckpointChunk)
            {
                var chunk = shardRecords.GetRange(start, Math.Min(CheckpointChunk, shardRecords.Count - start));
                yield return (shard, [.. chunk.Select(r => r.Key)], [.. chunk.Select(r => r.Value)]);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Stopping: checkpointed {Segments} journal segments.")]
    private static partial void LogDrained(ILogger logger, int segments);

    [LoggerMessage(LogLevel.Warning, "Stopping: the journal could not be checkpointed in time; what is left unflushed is replayed at the next start with this journal id.")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Error, "Recovering the journal failed; retrying.")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Checkpointing journal segment {Segment}: {Customers} customers' state lacked their records of it (lost from memory unstored); replaying them.")]
    private static partial void LogReplayingLacking(ILogger logger, int customers, string segment);

    [LoggerMessage(LogLevel.Information, "Replayed journal segment {Segment}: {Records} records.")]
    private static partial void LogReplayed(ILogger logger, string segment, int records);

    [LoggerMessage(LogLevel.Warning, "Checkpointing journal segment {Segment} failed; it will be retried.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string segment);
}
