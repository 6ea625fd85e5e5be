using System.Text;
using System.Text.Unicode;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>
/// One event to make durable: what it belongs to (<see cref="StreamId"/>, e.g. a customer id: any text up to 1,024
/// characters, escaped for storage) and the event as JSON text (<see cref="Payload"/>, at most 32,768 characters).
/// An appender that has the JSON as UTF-8 gives the bytes (at most three per character of that limit): they are
/// stored as they are, where text would be encoded to UTF-8 again, and the text is made only if asked for.
/// </summary>
public sealed record JournalEntry
{
    private readonly byte[]? _utf8Payload;
    private string? _payload;

    public JournalEntry(string StreamId, string Payload)
    {
        this.StreamId = StreamId;
        _payload = Payload;
    }

    /// <exception cref="ArgumentException">The bytes are not valid UTF-8.</exception>
    public JournalEntry(string streamId, byte[] utf8Payload)
    {
        ArgumentNullException.ThrowIfNull(utf8Payload);
        if (!Utf8.IsValid(utf8Payload))
        {
            throw new ArgumentException("A journal payload given as bytes must be valid UTF-8.", nameof(utf8Payload));
        }

        StreamId = streamId;
        _utf8Payload = utf8Payload;
    }

    public string StreamId { get; }

    public string Payload => _payload ??= _utf8Payload is null ? null! : Encoding.UTF8.GetString(_utf8Payload);

    /// <summary>The payload's UTF-8 bytes when the entry was made from them; null when it was made from text.</summary>
    internal byte[]? Utf8Payload => _utf8Payload;

    /// <summary>Whether the payload is within the limit: 32,768 characters of text, or three bytes each of UTF-8.</summary>
    internal bool PayloadWithin(int maxChars, out long size) =>
        _utf8Payload is { } bytes
            ? (size = bytes.Length) <= 3L * maxChars
            : (size = _payload?.Length ?? 0) <= maxChars;

    /// <summary>Entries are equal when their stream ids and payload texts are, however each was made.</summary>
    public bool Equals(JournalEntry? other) =>
        other is not null && StreamId == other.StreamId && Payload == other.Payload;

    public override int GetHashCode() => HashCode.Combine(StreamId, Payload);
}
