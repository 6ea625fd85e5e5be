using System.Collections.Concurrent;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Grains.Counting;

/// <summary>
/// The silo's way of making an exposure or outcome durable: appends it to the journal (group commit), then
/// feeds its counts to the <see cref="CountAggregator"/> and remembers which customer a segment touched, so the
/// segment can be checkpointed when it closes.
/// </summary>
public sealed partial class OfferJournal(IEventJournal journal, CountAggregator counts)
{
    /// <summary>Per segment, the customers with records in it and the sequence of each one's last record there.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, long>> _customers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Dictionary<long, int> _active = [];
    private readonly Dictionary<long, TaskCompletionSource> _drained = [];
    private long _epoch;

    /// <summary>Durable when the task completes; throws (and nothing is acknowledged) when it could not be written.</summary>
    public async Task<JournalPosition> AppendAsync(OfferEvent offerEvent)
    {
        var epoch = Enter();
        try
        {
            var position = await journal.AppendAsync(new JournalEntry(offerEvent.Customer, offerEvent.ToUtf8Json()));
            Recorded(position, offerEvent);
            return position;
        }
        finally
        {
            Leave(epoch);
        }
    }

    /// <summary>
    /// Bookkeeping for a record: its customer is checkpointed with the segment, which must find the record in the
    /// customer's state; it counts unless <paramref name="counted"/> is false (a replayed duplicate).
    /// </summary>
    public void Recorded(JournalPosition position, OfferEvent offerEvent, bool counted = true)
    {
        _customers.GetOrAdd(position.Segment, static _ => new(StringComparer.Ordinal))
            .AddOrUpdate(offerEvent.Customer, static (_, sequence) => sequence, static (_, last, sequence) => Math.Max(last, sequence), position.Sequence);
        if (counted)
        {
            counts.Add(position.Segment, offerEvent);
        }
    }

    /// <summary>
    /// Waits until every append that started before this call has finished its bookkeeping. Called after a
    /// segment closed: then all of that segment's customers and counts are known.
    /// </summary>
    public Task DrainAsync()
    {
        lock (_gate)
        {
            _epoch++;
            var waits = new List<Task>();
            foreach (var epoch in _active.Keys.Where(e => e < _epoch))
            {
                if (!_drained.TryGetValue(epoch, out var drained))
                {
                    _drained[epoch] = drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                waits.Add(drained.Task);
            }

            return Task.WhenAll(waits);
        }
    }

    public IReadOnlyCollection<string> CustomersOf(string segment) =>
        _customers.TryGetValue(segment, out var customers) ? [.. customers.Keys] : [];

    /// <summary>The customers a segment's checkpoint writes, each with the sequence of its last record in the segment.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> LastRecordsOf(string segment) =>
        _customers.TryGetValue(segment, out var customers) ? [.. customers] : [];

    /// <summary>
    /// <paramref name="customer"/> left memory with its state stored, holding every record of it so far: the open
    /// segments' checkpoints need not write it again (which would activate it only to read and rewrite that state).
    /// A record appended after this (its next activation) adds it back.
    /// </summary>
    public void Released(string customer)
    {
        foreach (var customers in _customers.Values)
        {
            customers.TryRemove(customer, out _);
        }
    }

    public void Forget(string segment)
    {
        _customers.TryRemove(segment, out _);
        ForgetStaleReads(segment);
    }

    private long Enter()
    {
        lock (_gate)
        {
            _active[_epoch] = _active.GetValueOrDefault(_epoch) + 1;
            return _epoch;
        }
    }

    private void Leave(long epoch)
    {
        lock (_gate)
        {
            var left = _active[epoch] - 1;
            if (left > 0)
            {
                _active[epoch] = left;
                return;
            }

            _active.Remove(epoch);
            if (_drained.Remove(epoch, out var drained))
            {
                drained.SetResult();
            }
        }
    }
}
