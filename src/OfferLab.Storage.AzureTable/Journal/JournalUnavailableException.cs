namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>An append could not be stored (storage unreachable, a transaction failed): the caller must not acknowledge it.</summary>
/// <remarks>
/// The entry may still have been stored (a timeout can hide a commit), so whatever is derived from the journal
/// should tolerate an unacknowledged event being replayed, e.g. by an idempotency key in the payload.
/// </remarks>
public sealed class JournalUnavailableException : Exception
{
    public JournalUnavailableException()
    {
    }

    public JournalUnavailableException(string message)
        : base(message)
    {
    }

    public JournalUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
