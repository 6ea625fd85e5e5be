using Azure.Data.Tables;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>Configuration of <see cref="AzureTableEventJournal"/>.</summary>
public sealed class JournalOptions
{
    /// <summary>The Azure Storage connection string (required).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The table holding the segment registry of every journal of this deployment (3-63 letters or digits, starting
    /// with a letter). Each segment's entries go to a table of its own, named from the first 20 characters of this one,
    /// a hash of <see cref="JournalId"/> and the segment's time (<c>OfferLabJournal3f2a…0638…</c>).
    /// </summary>
    public string TableName { get; set; } = "OfferLabJournal";

    /// <summary>Names this silo's journal (any text up to 200 characters); a restarted silo must keep it to find its segments.</summary>
    public string JournalId { get; set; } = "silo";

    /// <summary>Entries per transaction at most (Azure Table allows 100 per batch).</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Transactions in flight at once; while all are, new appends queue up and fill the next batches.</summary>
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>
    /// Extra wait before a batch is cut while another transaction is still in flight, to fill it more; zero (the
    /// default) batches only what is already queued. An idle journal never waits.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.Zero;

    /// <summary>A segment is closed once it holds this many entries.</summary>
    public int SegmentMaxEntries { get; set; } = 50_000;

    /// <summary>A segment that holds entries is closed at this age (an empty one stays open).</summary>
    public TimeSpan SegmentMaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether <see cref="IEventJournal.MarkFlushedAsync"/> drops the segment's table and then its registry row
    /// (default), or keeps both with the row marked flushed (for audits or debugging).
    /// </summary>
    public bool DeleteFlushedSegments { get; set; } = true;

    /// <summary>Retry and timeout settings of the table client; null for the SDK's defaults.</summary>
    public TableClientOptions? ClientOptions { get; set; }
}
