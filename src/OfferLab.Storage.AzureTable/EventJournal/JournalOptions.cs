namespace OfferLab.Storage.AzureTable.EventJournal;

/// <summary>Configuration of the Azure Table event journal.</summary>
public sealed class JournalOptions
{
    public string? ConnectionString { get; set; }

    public string TableName { get; set; } = "OfferLabJournal";

    /// <summary>Names this node's journal (letters, digits, '-', '_'); a restarted node must keep it to find its segments.</summary>
    public string JournalId { get; set; } = "node-1";

    /// <summary>Entries per transaction at most (Azure Table allows 100).</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Transactions in flight at once; while they are, new appends queue up and fill the next batches.</summary>
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>A segment is closed (and then checkpointed) at this age.</summary>
    public TimeSpan SegmentMaxAge { get; set; } = TimeSpan.FromSeconds(30);
}
