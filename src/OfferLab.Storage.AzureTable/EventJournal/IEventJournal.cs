namespace OfferLab.Storage.AzureTable.EventJournal;

/// <summary>
/// An append-only log with group commit: appends that arrive together are written in one storage transaction,
/// and each caller's task completes only once its entry is stored. Entries go to the current segment; a
/// segment closes by age (or on demand) and is marked flushed once everything derived from it is stored
/// elsewhere. After a crash, the segments not marked flushed are what must be replayed.
/// </summary>
public interface IEventJournal
{
    /// <summary>Stored when the task completes; throws when it could not be stored (then nothing may be acknowledged).</summary>
    Task<JournalPosition> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The segment appends go to now.</summary>
    string CurrentSegment { get; }

    /// <summary>Closes the current segment and returns its name once every append to it has completed.</summary>
    Task<string> RotateAsync(CancellationToken cancellationToken = default);

    /// <summary>Raised after a segment closed by age, once its appends completed.</summary>
    event Func<string, Task>? SegmentClosed;

    /// <summary>This journal's segments not yet marked flushed (including the current one), oldest first.</summary>
    Task<IReadOnlyList<string>> ListUnflushedSegmentsAsync(CancellationToken cancellationToken = default);

    /// <summary>A segment's entries in sequence order.</summary>
    IAsyncEnumerable<JournalRecord> ReadAsync(string segment, CancellationToken cancellationToken = default);

    /// <summary>Marks a closed segment flushed: it is no longer listed, and its entries are deleted.</summary>
    Task MarkFlushedAsync(string segment, CancellationToken cancellationToken = default);

    JournalStatistics Statistics { get; }

    /// <summary>True once the journal's storage answered and a segment is open.</summary>
    bool IsReady { get; }
}
