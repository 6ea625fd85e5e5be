namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>Where an entry is stored: its segment and its sequence number in that segment.</summary>
/// <remarks>
/// Sequence numbers start at 0 in every segment, follow the order in which appends were accepted and are never
/// reused; a transaction that failed leaves a gap.
/// </remarks>
public readonly record struct JournalPosition(string Segment, long Sequence);
