namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>An entry read back from the journal, with the position it was stored at.</summary>
public sealed record JournalRecord(JournalPosition Position, string StreamId, string Payload);
