using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OfferLab.Storage.AzureTable.Keys;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>
/// How the journal lays out its rows: a table per segment (its rows in one partition named after the segment), plus a
/// registry partition per journal in the journal's table.
/// </summary>
internal static class JournalKeys
{
    public const int MaxStreamIdChars = 1024;
    public const int MaxPayloadChars = 32 * 1024;
    public const int MaxJournalIdChars = 200;

    /// <summary>What a segment name adds to the escaped journal id: '-', 19 digits of ticks, '-', 4 hex digits.</summary>
    public const int SegmentSuffixChars = 25;

    // Azure refuses a batch body over 4 MiB; what is left over covers the multipart envelope.
    public const long TransactionByteBudget = 4 * 1024 * 1024 - 128 * 1024;

    // Per-entity multipart headers, request line, keys, property names and chunk boundaries, generously.
    private const int EntityOverheadBytes = 1024;

    /// <summary>
    /// Segment names start with the escaped journal id (which never holds '|', so no segment can be mistaken for a
    /// registry partition), then fixed-width ticks, so they sort in opening order.
    /// </summary>
    public static string SegmentName(string journalId, long utcTicks, int random) =>
        string.Create(CultureInfo.InvariantCulture, $"{TableKeys.Escape(journalId)}-{utcTicks:D19}-{random:x4}");

    /// <summary>
    /// The table a segment's entries go to: up to 20 characters of the journal's table name, 12 hex digits of a hash of
    /// the journal id (journals sharing a table name do not share segment tables), then the segment name's ticks and
    /// random part. Letters and digits only, at most 55 characters, starting with the table name's letter.
    /// </summary>
    public static string SegmentTableName(string tableName, string journalId, long utcTicks, int random)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(journalId), hash);
        return string.Create(CultureInfo.InvariantCulture, $"{tableName.AsSpan(0, Math.Min(20, tableName.Length))}{Convert.ToHexStringLower(hash[..6])}{utcTicks:D19}{random:x4}");
    }

    /// <summary>The ticks part of a segment name, or null for a name this journal did not make.</summary>
    public static long? TicksOf(string segment) =>
        segment.Length >= SegmentSuffixChars && long.TryParse(segment.AsSpan(segment.Length - SegmentSuffixChars + 1, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? ticks
            : null;

    public static string RegistryPartition(string journalId) => "segments|" + TableKeys.Escape(journalId);

    public static string RowKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    public static long Sequence(string rowKey) => long.Parse(rowKey, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>A stream id as string packs and one-entry rows stored it (escaped: lone surrogates cannot travel as UTF-8).</summary>
    public static string StreamId(string stored) => TableKeys.Unescape(stored);

    /// <summary>
    /// An upper bound of the bytes an entry adds to a transaction body: its most encoded bytes in base64, plus the
    /// entity's envelope.
    /// </summary>
    public static long EstimatedBytes(JournalEntry entry) =>
        EntityOverheadBytes + ((JournalPacks.MaxEncodedBytes(entry) + 2) / 3 * 4);
}
