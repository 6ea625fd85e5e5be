using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace OfferLab.Storage.AzureTable.Journal;

public sealed partial class AzureTableEventJournal
{
    /// <summary>
    /// A barrier for tests: awaited (with the segment's name and the number of entries the transaction carries) before
    /// each transaction is sent, to hold it in flight.
    /// </summary>
    internal Func<string, int, Task>? BeforeTransaction { get; set; }

    /// <summary>The only reader of the queue, so sequence numbers follow arrival order.</summary>
    private async Task DispatchAsync()
    {
        // Entries cut off by a segment's end go first into the next batch, keeping their order.
        var carried = new Queue<Pending>();
        var transactions = new List<Task>();
        while (carried.Count > 0 || await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Waiting for a free slot before cutting the batch is what lets batches grow under load. While another
            // transaction is still in flight, waiting a little longer fills this one more: storage costs about the same
            // per transaction whatever it holds. An idle journal never waits, so a lone append is stored at once.
            await _slots.WaitAsync().ConfigureAwait(false);
            if (_options.MaxBatchDelay > TimeSpan.Zero && _slots.CurrentCount < _options.MaxConcurrentBatches - 1
                && carried.Count < _options.MaxBatchSize)
            {
                try
                {
                    await Task.Delay(_options.MaxBatchDelay, _time, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Disposing: what was accepted is stored now, without waiting on a clock that may not move.
                }
            }

            var batch = CutBatch(carried);
            var (segment, first) = await AssignAsync(batch, carried).ConfigureAwait(false);
            if (segment is null)
            {
                _slots.Release();
                continue;
            }

            transactions.RemoveAll(t => t.IsCompleted);
            transactions.Add(WriteAsync(segment, first, batch));
        }

        await Task.WhenAll(transactions).ConfigureAwait(false);
    }

    private List<Pending> CutBatch(Queue<Pending> carried)
    {
        var batch = new List<Pending>(Math.Min(_options.MaxBatchSize, 16));
        long bytes = 0;
        bool Fits(Pending next) =>
            batch.Count < _options.MaxBatchSize && (batch.Count == 0 || bytes + next.EstimatedBytes <= JournalKeys.TransactionByteBudget);

        while (carried.TryPeek(out var next) && Fits(next))
        {
            batch.Add(carried.Dequeue());
            bytes += next.EstimatedBytes;
        }

        while (carried.Count == 0 && _queue.Reader.TryPeek(out var next) && Fits(next) && _queue.Reader.TryRead(out next))
        {
            batch.Add(next);
            bytes += next.EstimatedBytes;
        }

        return batch;
    }

    /// <summary>
    /// Numbers the batch in the current segment, closing a full segment first. Entries past the segment's end are
    /// moved to <paramref name="carried"/>. Returns no segment if a full segment could not be closed (the batch's
    /// appends have failed then).
    /// </summary>
    private async Task<(OpenSegment? Segment, long First)> AssignAsync(List<Pending> batch, Queue<Pending> carried)
    {
        while (true)
        {
            OpenSegment full;
            lock (_gate)
            {
                var segment = _current!;
                var room = _options.SegmentMaxEntries - segment.Assigned;
                if (room > 0)
                {
                    if (batch.Count > room)
                    {
                        var rest = batch.GetRange((int)room, batch.Count - (int)room);
                        batch.RemoveRange((int)room, rest.Count);
                        var after = carried.ToList();
                        carried.Clear();
                        foreach (var pending in rest.Concat(after))
                        {
                            carried.Enqueue(pending);
                        }
                    }

                    var first = segment.Assigned;
                    segment.Assigned += batch.Count;
                    segment.InFlight++;
                    return (segment, first);
                }

                full = segment;
            }

            try
            {
                await CloseAutomaticallyAsync(full).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Fail(batch, e, full.Name);
                return (null, 0);
            }
        }
    }

    private async Task WriteAsync(OpenSegment segment, long first, List<Pending> batch)
    {
        Exception? failure = null;
        try
        {
            var packs = JournalPacks.Pack(segment.Name, first, batch.ConvertAll(p => p.Entry));
            if (BeforeTransaction is { } hold)
            {
                await hold(segment.Name, batch.Count).ConfigureAwait(false);
            }

            var sent = Stopwatch.GetTimestamp();

            // One pack (the usual case) is a plain insert: as atomic as a transaction of one, and Azurite spends about
            // half the CPU on it that a batch request's multipart envelope costs.
            if (packs.Count == 1)
            {
                await segment.Table.AddEntityAsync(packs[0]).ConfigureAwait(false);
            }
            else
            {
                await segment.Table.SubmitTransactionAsync(packs.ConvertAll(pack => new TableTransactionAction(TableTransactionActionType.Add, pack))).ConfigureAwait(false);
            }

            var roundTrip = Stopwatch.GetElapsedTime(sent);
            _transactionLatency.Record(roundTrip);
            _transactionDuration.Record(roundTrip.TotalSeconds);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure = e;
        }
        finally
        {
            // The slot is free before the appends are answered: an appender that answers and appends again finds this
            // transaction over, so its lone append is not held for the batch delay.
            _slots.Release();
        }

        try
        {
            if (failure is null)
            {
                Interlocked.Increment(ref _transactions);
                Interlocked.Add(ref _entries, batch.Count);
                var measured = _appendDuration.Enabled;
                for (var i = 0; i < batch.Count; i++)
                {
                    var waited = Stopwatch.GetElapsedTime(batch[i].Enqueued);
                    _appendLatency.Record(waited);
                    if (measured)
                    {
                        _appendDuration.Record(waited.TotalSeconds);
                    }

                    batch[i].Stored.TrySetResult(new JournalPosition(segment.Name, first + i));
                }
            }
            else
            {
                // Whatever went wrong, none of these may be acknowledged.
                Interlocked.Increment(ref _failedTransactions);
                Fail(batch, failure, segment.Name);
            }
        }
        finally
        {
            lock (_gate)
            {
                segment.TransactionFinished();
            }
        }
    }

    private void Fail(List<Pending> batch, Exception cause, string segment)
    {
        LogWriteFailed(_logger, cause, batch.Count, segment);
        var error = new JournalUnavailableException($"The journal could not store {batch.Count} entries in segment {segment}.", cause);
        foreach (var pending in batch)
        {
            pending.Stored.TrySetException(error);
        }
    }

    [LoggerMessage(LogLevel.Error, "The journal could not store {Count} entries in segment {Segment}; their appends fail.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, string segment);
}
