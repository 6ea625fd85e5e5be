namespace OfferLab.Storage.AzureTable.EventJournal;

/// <summary>One event to make durable: the stream it belongs to (e.g. a customer id, any text) and its payload (JSON).</summary>
public sealed record JournalEntry(string StreamId, string Payload);

/// <summary>Where an entry was stored: its segment and its sequence number there.</summary>
public readonly record struct JournalPosition(string Segment, long Sequence);

/// <summary>An entry read back from the journal.</summary>
public sealed record JournalRecord(JournalPosition Position, string StreamId, string Payload);

/// <summary>How many batch transactions the journal wrote, holding how many entries (to see group commit at work).</summary>
public readonly record struct JournalStatistics(long Transactions, long Entries);
