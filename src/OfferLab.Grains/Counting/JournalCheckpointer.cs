using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OfferLab.Abstractions.Assignment;
using OfferLab.Abstractions.Experiments;
using OfferLab.Grains.Customers;
using OfferLab.Storage.AzureTable;
using OfferLab.Storage.AzureTable.Journal;
using Orleans.Storage;

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
    [FromKeyedServices(GrainStorage.Customers)] IGrainStorage customerStorage,
    ILogger<JournalCheckpointer> logger) : BackgroundService
{
    /// <summary>
    /// Customers writing at once. In bucket order (<see cref="InWriteOrder"/>) this many fill a bucket's next batch
    /// transaction while the one before is in flight. More only holds more unwritten state in memory, and the requests
    /// served meanwhile wait out longer GC pauses: p99 of sticky assigns during a 20,000-customer checkpoint was 13 ms
    /// at 256 and 19-23 ms at 512 and 1,024 (two runs each).
    /// </summary>
    private const int CheckpointConcurrency = 256;

    private readonly HashSet<string> _retry = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>True once start-up recovery finished: readiness waits for it.</summary>
    public bool Recovered { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        journal.SegmentClosed += OnSegmentClosedAsync;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        journal.SegmentClosed -= OnSegmentClosedAsync;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        using var timer = new PeriodicTimer(CountAggregator.PushInterval);
        var ticks = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await counts.PushAsync();
            if (++ticks % 20 == 0)
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
                offers.Recorded(segment, OfferEvent.FromJson(record.Payload), counts);
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

    private async Task FlushAsync(string segment)
    {
        try
        {
            if (!await counts.PushAsync(segment))
            {
                throw new InvalidOperationException($"Counts of segment {segment} could not all be sent.");
            }

            await Parallel.ForEachAsync(InWriteOrder(offers.CustomersOf(segment)), new ParallelOptions { MaxDegreeOfParallelism = CheckpointConcurrency }, async (customer, _) =>
                await customer.PersistAsync(segment));
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
    /// Customers grouped by the storage bucket their state lives in. Writes of one bucket batch together only while
    /// they queue together: in arrival order, the writes in flight were spread over every bucket, a handful per
    /// transaction; bucket by bucket they fill whole transactions of up to 100 records.
    /// </summary>
    private IEnumerable<Customer> InWriteOrder(IReadOnlyCollection<string> touched) =>
        customerStorage is AzureTableGrainStorage { Buckets: > 0 } table
            ? ByBucket(touched, id => table.BucketOf(CustomerShardGrain.StorageId(id)), table.Buckets).Select(customers.Get)
            : touched.Select(customers.Get);

    /// <summary>
    /// Ids grouped by bucket, bucket 0 first, each id once. A pass into a list per bucket, where a sort by partition key
    /// kept a key string per customer alive for the whole checkpoint (garbage the collector had to promote) and compared
    /// strings n log n times.
    /// </summary>
    internal static IEnumerable<string> ByBucket(IEnumerable<string> ids, Func<string, int> bucketOf, int buckets)
    {
        var grouped = new List<string>?[buckets];
        foreach (var id in ids)
        {
            (grouped[bucketOf(id)] ??= []).Add(id);
        }

        return grouped.Where(bucket => bucket is not null).SelectMany(bucket => bucket!);
    }

    [LoggerMessage(LogLevel.Error, "Recovering the journal failed; retrying.")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Information, "Replayed journal segment {Segment}: {Records} records.")]
    private static partial void LogReplayed(ILogger logger, string segment, int records);

    [LoggerMessage(LogLevel.Warning, "Checkpointing journal segment {Segment} failed; it will be retried.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string segment);
}
