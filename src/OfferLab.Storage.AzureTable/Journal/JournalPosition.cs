using System.Text.Json.Serialization;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>Where an entry is stored: its segment and its sequence number in that segment.</summary>
/// <remarks>
/// Sequence numbers start at 0 in every segment, follow the order in which appends were accepted and are never
/// reused; a transaction that failed leaves a gap.
/// </remarks>
[JsonConverter(typeof(JournalPositionConverter))]
public readonly record struct JournalPosition(string Segment, long Sequence)
{
    /// <summary>
    /// The journal that wrote the segment: its name without the opening time, or the whole name of a segment this
    /// journal did not name. Positions of one journal are ordered; positions of two journals (two silos) are not.
    /// </summary>
    [JsonIgnore]
    public string Journal => JournalKeys.TicksOf(Segment) is null ? Segment : Segment[..^JournalKeys.SegmentSuffixChars];

    /// <summary>Whether this entry was stored after <paramref name="earlier"/> in the same journal.</summary>
    public bool Follows(JournalPosition earlier)
    {
        if (Journal != earlier.Journal)
        {
            return false;
        }

        var order = string.CompareOrdinal(Segment, earlier.Segment);
        return order > 0 || (order == 0 && Sequence > earlier.Sequence);
    }
}
