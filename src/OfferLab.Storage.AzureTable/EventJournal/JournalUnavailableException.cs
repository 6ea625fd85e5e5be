namespace OfferLab.Storage.AzureTable.EventJournal;

/// <summary>An append could not be stored; the caller must not acknowledge what it was recording.</summary>
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
