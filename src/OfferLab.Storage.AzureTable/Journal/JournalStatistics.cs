namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>What the journal has written since it was created: group commit shows as far fewer transactions than entries.</summary>
/// <param name="Transactions">Batch transactions stored.</param>
/// <param name="Entries">Entries stored by those transactions.</param>
/// <param name="FailedTransactions">Transactions that failed (their appends failed too).</param>
public readonly record struct JournalStatistics(long Transactions, long Entries, long FailedTransactions);
