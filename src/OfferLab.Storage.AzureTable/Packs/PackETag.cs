using System.Globalization;

namespace OfferLab.Storage.AzureTable.Packs;

/// <summary>
/// The ETag the packed layout gives every record of a pack: <c>p</c> and the pack's sequence. Holders of many records
/// (a bucket's index, a shard's customers) keep it as the number, so that writing a record's new ETag stores no
/// reference to a new string into an object that lives long: each such store marks a card the collector has to scan
/// at every ephemeral collection until that string is promoted, and a checkpoint stores hundreds of thousands.
/// </summary>
public static class PackETag
{
    /// <summary>
    /// The ETag of the records of pack <paramref name="sequence"/> (packs written before this form gave each record
    /// <c>p{sequence}.{index}</c>; those still read and match, as text).
    /// </summary>
    public static string Format(long sequence) => string.Create(CultureInfo.InvariantCulture, $"p{sequence}");

    /// <summary>
    /// The sequence of a pack ETag exactly as <see cref="Format"/> writes it (no sign, no leading zero), so that
    /// formatting the number gives the same text back; false for any other ETag (older pack forms, entities' ETags).
    /// </summary>
    public static bool TryParse(string? etag, out long sequence)
    {
        // NumberStyles.None takes ASCII digits only (no sign, space, separator) and refuses what overflows a long.
        sequence = -1;
        return etag is { Length: >= 2 } && etag[0] == 'p' && (etag[1] != '0' || etag.Length == 2)
            && long.TryParse(etag.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
