using System.Globalization;
using Azure.Data.Tables;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>
/// How entries sit in the table: consecutive entries of one transaction share an entity (a "pack"), keyed by the
/// first one's sequence, with a stream id and a payload property per entry. A group commit of a hundred appends is
/// then one entity for the service to store instead of a hundred — the storage's cost is per entity far more than
/// per byte. A pack stays under Azure's limits: at most 120 entries (252 properties) and 960 KiB counted as the
/// service counts (UTF-16). Rows written one entry per entity (<c>StreamId</c>, <c>Payload</c>) still read.
/// </summary>
internal static class JournalPacks
{
    private const int MaxEntries = 120;
    private const long MaxBytes = 960 * 1024;
    private const string CountProperty = "Count";

    public static IEnumerable<TableEntity> Pack(string segment, long first, IReadOnlyList<JournalEntry> entries)
    {
        var start = 0;
        while (start < entries.Count)
        {
            var pack = new TableEntity(segment, JournalKeys.RowKey(first + start));
            long bytes = 0;
            var count = 0;
            while (start + count < entries.Count && count < MaxEntries)
            {
                var entry = entries[start + count];
                var stream = JournalKeys.StoredStreamId(entry.StreamId);
                var size = 32 + (2L * stream.Length) + (2L * entry.Payload.Length);
                if (count > 0 && bytes + size > MaxBytes)
                {
                    break;
                }

                pack[StreamProperty(count)] = stream;
                pack[PayloadProperty(count)] = entry.Payload;
                bytes += size;
                count++;
            }

            pack[CountProperty] = count;
            yield return pack;
            start += count;
        }
    }

    public static IEnumerable<JournalRecord> Unpack(TableEntity row)
    {
        var first = JournalKeys.Sequence(row.RowKey);
        if (row.GetInt32(CountProperty) is not { } count)
        {
            yield return new JournalRecord(new JournalPosition(row.PartitionKey, first), JournalKeys.StreamId(row.GetString("StreamId")), row.GetString("Payload"));
            yield break;
        }

        for (var i = 0; i < count; i++)
        {
            var stream = row.GetString(StreamProperty(i)) ?? throw new InvalidDataException($"Journal pack {row.PartitionKey}/{row.RowKey} lacks entry {i} of {count}.");
            yield return new JournalRecord(new JournalPosition(row.PartitionKey, first + i), JournalKeys.StreamId(stream), row.GetString(PayloadProperty(i)));
        }
    }

    private static string StreamProperty(int index) => "S" + index.ToString(CultureInfo.InvariantCulture);

    private static string PayloadProperty(int index) => "P" + index.ToString(CultureInfo.InvariantCulture);
}
