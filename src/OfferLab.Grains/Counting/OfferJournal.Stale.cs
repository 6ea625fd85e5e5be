using System.Collections.Concurrent;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Grains.Counting;

/// <summary>
/// Customers that left memory without their state stored (the write on release failed): the journal segments not yet
/// checkpointed hold the only copy of what they had applied, and their next activation replays those records first.
/// After a storage outage many customers are in this state at once; each segment they need is read once for all of
/// them, not once per customer.
/// </summary>
public sealed partial class OfferJournal
{
    private readonly ConcurrentDictionary<string, StaleMark> _stale = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StaleRead> _staleReads = new(StringComparer.Ordinal);
    private long _staleMarks;
    private long _staleSegmentReads;

    /// <summary>Segment reads made for stale customers (each serves every customer stale when it began).</summary>
    public long StaleSegmentReads => Interlocked.Read(ref _staleSegmentReads);

    /// <summary>Marks <paramref name="customer"/> stale with the segments this silo has records of it in, oldest first.</summary>
    public void ReleaseFailed(string customer)
    {
        string[] segments = [.. _customers.Where(s => s.Value.ContainsKey(customer)).Select(s => s.Key).Order(StringComparer.Ordinal)];
        if (segments.Length > 0)
        {
            _stale[customer] = new StaleMark(segments, Interlocked.Increment(ref _staleMarks));
        }
    }

    /// <summary>Whether <paramref name="customer"/> must replay before it answers; the mark stays until <see cref="Replayed"/>.</summary>
    public bool TryGetStale(string customer, out StaleMark mark) => _stale.TryGetValue(customer, out mark!);

    /// <summary>The customer's state holds everything of <paramref name="mark"/> now (a newer mark stays).</summary>
    public void Replayed(string customer, StaleMark mark) => _stale.TryRemove(KeyValuePair.Create(customer, mark));

    /// <summary>The records of a stale customer in one of its segments, in order.</summary>
    public async Task<IReadOnlyList<JournalRecord>> StaleRecordsAsync(string segment, string customer, StaleMark mark, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_staleReads.TryGetValue(segment, out var read) && read.Covers >= mark.Number)
            {
                try
                {
                    var records = await read.Records.WaitAsync(cancellationToken).ConfigureAwait(false);
                    return records.TryGetValue(customer, out var mine) ? mine : [];
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Storage failed the shared read: the next caller reads again.
                    _staleReads.TryRemove(KeyValuePair.Create(segment, read));
                    throw;
                }
            }

            // No read yet, or one begun before this customer was marked: start one that covers every mark so far.
            var covers = Interlocked.Read(ref _staleMarks);
            var fresh = new StaleRead(covers, new Lazy<Task<Dictionary<string, List<JournalRecord>>>>(() => ReadStaleAsync(segment, covers)));
            if (read is null ? _staleReads.TryAdd(segment, fresh) : _staleReads.TryUpdate(segment, fresh, read))
            {
                _ = fresh.Records;
            }
        }
    }

    /// <summary>Drops what was read of a segment for stale customers once it is checkpointed.</summary>
    private void ForgetStaleReads(string segment) => _staleReads.TryRemove(segment, out _);

    private async Task<Dictionary<string, List<JournalRecord>>> ReadStaleAsync(string segment, long covers)
    {
        Interlocked.Increment(ref _staleSegmentReads);
        var stale = _stale.Where(s => s.Value.Number <= covers && s.Value.Segments.Contains(segment, StringComparer.Ordinal))
            .Select(s => s.Key)
            .ToHashSet(StringComparer.Ordinal);
        var records = new Dictionary<string, List<JournalRecord>>(StringComparer.Ordinal);
        await foreach (var record in journal.ReadAsync(segment).ConfigureAwait(false))
        {
            if (stale.Contains(record.StreamId))
            {
                if (!records.TryGetValue(record.StreamId, out var list))
                {
                    records[record.StreamId] = list = [];
                }

                list.Add(record);
            }
        }

        return records;
    }

    /// <summary>Which segments a stale customer must replay, and when it was marked (later marks need a later read).</summary>
    public sealed record StaleMark(string[] Segments, long Number);

    private sealed record StaleRead(long Covers, Lazy<Task<Dictionary<string, List<JournalRecord>>>> Lazy)
    {
        public Task<Dictionary<string, List<JournalRecord>>> Records => Lazy.Value;
    }
}
