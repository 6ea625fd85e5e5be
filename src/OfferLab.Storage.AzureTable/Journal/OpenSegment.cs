using Azure.Data.Tables;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>The journal's bookkeeping for one segment it opened. Mutable fields are guarded by the journal's lock.</summary>
internal sealed class OpenSegment(string name, TableClient table, DateTimeOffset opened)
{
    public string Name { get; } = name;

    /// <summary>The segment's own table, which its entries go to.</summary>
    public TableClient Table { get; } = table;

    public DateTimeOffset Opened { get; } = opened;

    /// <summary>Sequence numbers handed out so far (the next one to hand out).</summary>
    public long Assigned { get; set; }

    /// <summary>Transactions to this segment not yet finished.</summary>
    public int InFlight { get; set; }

    /// <summary>No more appends go here.</summary>
    public bool Closed { get; private set; }

    /// <summary>Completes once the segment is closed and every transaction to it has finished.</summary>
    public TaskCompletionSource Drained { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Close()
    {
        Closed = true;
        CompleteIfDrained();
    }

    public void TransactionFinished()
    {
        InFlight--;
        CompleteIfDrained();
    }

    private void CompleteIfDrained()
    {
        if (Closed && InFlight == 0)
        {
            Drained.TrySetResult();
        }
    }
}
