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
    /// <summary>The ETag of the records of pack <paramref name="sequence"/>.</summary>
    public static string Format(long sequence) => string.Create(CultureInfo.InvariantCulture, $"p{sequence}");

    /// <summary>
    /// The sequence of a pack ETag exactly as <see cref="Format"/> writes it (no sign, no leading zero), so that
    /// formatting the number gives the same text back; false for any other ETag (older pack forms, entities' ETags).
    /// </summary>
    public static bool TryParse(string? etag, out long sequence)
    {
        sequence = -1;
        if (etag is null || etag.Length < 2 || etag.Length > 20 || etag[0] != 'p' || (etag[1] == '0' && etag.Length > 2))
        {
            return false;
        }

        foreach (var c in etag.AsSpan(1))
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return long.TryParse(etag.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
