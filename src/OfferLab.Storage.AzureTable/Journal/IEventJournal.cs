namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>
/// An append-only, per-silo event log with group commit: appends that arrive together are stored in one
/// transaction, and each caller's task completes only once its entry is stored. Entries go to the current
/// segment; a segment is closed by size, age or on demand, and marked flushed once everything derived from it
/// is stored elsewhere. After a crash, the unflushed segments are what must be replayed.
/// </summary>
public interface IEventJournal
{
    /// <summary>The segment appends go to now.</summary>
    string CurrentSegment { get; }

    /// <summary>True once the journal's table exists and a segment is open.</summary>
    bool IsReady { get; }

    /// <summary>Transactions and entries written so far.</summary>
    JournalStatistics Statistics { get; }

    /// <summary>Latencies so far of acknowledged appends and of stored transactions (cumulative <see cref="LatencyHistogram"/> counts).</summary>
    JournalLatency Latency { get; }

    /// <summary>
    /// Raised when a segment was closed automatically (by <see cref="JournalOptions.SegmentMaxEntries"/> or
    /// <see cref="JournalOptions.SegmentMaxAge"/>), once every append to it has completed, so it can be flushed.
    /// Not raised for <see cref="RotateAsync"/>, whose caller gets the name. Handlers run one after another, off
    /// the append path; an exception from one is logged.
    /// </summary>
    event Func<string, Task>? SegmentClosed;

    /// <summary>
    /// Stores an entry. When the task completes the entry is durable; when it throws
    /// (<see cref="JournalUnavailableException"/>, or <see cref="OperationCanceledException"/> for a cancelled
    /// wait) the caller must not acknowledge it. Throws <see cref="ArgumentException"/> for an oversize entry.
    /// </summary>
    Task<JournalPosition> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Closes the current segment (new appends go to a fresh one) and returns its name once every append to it has completed.</summary>
    Task<string> RotateAsync(CancellationToken cancellationToken = default);

    /// <summary>This journal's segments not yet marked flushed, the current one included, oldest first.</summary>
    Task<IReadOnlyList<string>> ListUnflushedSegmentsAsync(CancellationToken cancellationToken = default);

    /// <summary>A segment's entries in sequence order.</summary>
    IAsyncEnumerable<JournalRecord> ReadAsync(string segment, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a closed segment flushed, so it is no longer listed; then (by default) deletes its entries, best
    /// effort. Throws <see cref="InvalidOperationException"/> for the current segment.
    /// </summary>
    Task MarkFlushedAsync(string segment, CancellationToken cancellationToken = default);
}
