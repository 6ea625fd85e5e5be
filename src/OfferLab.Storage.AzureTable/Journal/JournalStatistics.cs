namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>What the journal has written since it was created: group commit shows as far fewer transactions than entries.</summary>
/// <param name="Transactions">Batch transactions stored.</param>
/// <param name="Entries">Entries stored by those transactions.</param>
/// <param name="FailedTransactions">Transactions that failed (their appends failed too).</param>
public readonly record struct JournalStatistics(long Transactions, long Entries, long FailedTransactions);

/// <summary>
/// The journal's latencies so far, as cumulative <see cref="LatencyHistogram"/> counts: <paramref name="Appends"/> from
/// an append's call to its acknowledgement (queue, batch delay and storage), <paramref name="Transactions"/> each
/// transaction's round trip to storage. Two readings subtract to give a window's distribution.
/// </summary>
public sealed record JournalLatency(long[] Appends, long[] Transactions);
