namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>One event to make durable.</summary>
/// <param name="StreamId">What the event belongs to, e.g. a customer id: any text up to 1,024 characters (escaped for storage).</param>
/// <param name="Payload">The event as JSON text, at most 32,768 characters (so it fits one 64 KiB Table property).</param>
public sealed record JournalEntry(string StreamId, string Payload);
