using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Azure.Data.Tables;
using OfferLab.Storage.AzureTable.Entities;

namespace OfferLab.Storage.AzureTable.Packs;

/// <summary>What a record of a pack is: a state, a cleared state (tombstone with an ETag), or a deleted record.</summary>
internal enum RecordKind : byte
{
    State = 0,
    Cleared = 1,
    Deleted = 2,
}

/// <summary>One record as a pack holds it: its row key, its ETag, its kind and its blob (identity and payload).</summary>
internal sealed record PackedRecord(string Row, string ETag, RecordKind Kind, byte[] Blob);

/// <summary>Where a record sits in a pack's data, as the directory gives it.</summary>
internal readonly record struct DirectoryEntry(string Row, string ETag, RecordKind Kind, int Offset, int Length);

/// <summary>
/// The layout of a pack: one entity of a bucket holding the records of one batch transaction. A directory (row key,
/// ETag, kind, offset and length of each record, split over <c>I0</c>, <c>I1</c>, ... binary properties) can be listed
/// on its own, so loading a bucket's index reads no payloads; the records' blobs follow in <c>D0</c>, <c>D1</c>, ...
/// of at most 64 KiB each. A blob is the record's identity (escaped grain id and state name, checked on read so a
/// hashed row key never hands back another grain's state) followed by its JSON payload. Pack and head rows start with
/// <c>|</c>, which an escaped grain id never does, so they never meet a record of the one-entity-per-record layout.
/// The data is stored zlib-compressed (fastest level) when that makes it smaller, with its raw length in <c>Dz</c>:
/// the states of one checkpoint are JSON much alike (a pack of 100 customers, 28 KB, becomes about 4 KB), and the
/// storage's cost to hand a pack back grows with its bytes. Directory offsets are into the raw data. A pack
/// without <c>Dz</c> (written before, or data that would not shrink) holds its data as it is.
/// </summary>
internal static class PackFormat
{
    public const string PackPrefix = "|pack|";
    public const string HeadRow = "|head";
    public const string NextProperty = "Next";
    public const string DirectoryChunksProperty = "Ic";

    /// <summary>Most directory chunks a pack can have; a load selects exactly these properties.</summary>
    public const int MaxDirectoryChunks = 4;

    private const string DataChunksProperty = "Dc";
    private const string DirectoryPrefix = "I";
    private const string DataPrefix = "D";

    /// <summary>The properties a bucket's load lists: pack directories and the head's counter, no payloads.</summary>
    public static IReadOnlyList<string> ListedProperties { get; } =
        ["RowKey", DirectoryChunksProperty, NextProperty, .. Enumerable.Range(0, MaxDirectoryChunks).Select(i => DirectoryPrefix + i.ToString(CultureInfo.InvariantCulture))];

    public static string PackRow(long sequence) => PackPrefix + sequence.ToString("D19", CultureInfo.InvariantCulture);

    public static bool IsPackRow(string row) => row.StartsWith(PackPrefix, StringComparison.Ordinal);

    public static long SequenceOf(string packRow) => long.Parse(packRow.AsSpan(PackPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>A record's blob: its identity, then its payload.</summary>
    public static byte[] Blob(string escapedGrainId, string escapedStateName, ReadOnlySpan<byte> payload)
    {
        // The layout of BinaryWriter.Write(string) (UTF-8, as ReadBlob reads it) twice, then the payload, written into one array of the exact size.
        var grainIdBytes = Encoding.UTF8.GetByteCount(escapedGrainId);
        var stateNameBytes = Encoding.UTF8.GetByteCount(escapedStateName);
        var blob = new byte[LengthPrefixBytes(grainIdBytes) + grainIdBytes + LengthPrefixBytes(stateNameBytes) + stateNameBytes + payload.Length];
        var at = WriteString(blob, 0, escapedGrainId, grainIdBytes);
        at = WriteString(blob, at, escapedStateName, stateNameBytes);
        payload.CopyTo(blob.AsSpan(at));
        return blob;
    }

    /// <summary>Splits a blob into its identity and its payload (a slice of the blob, not a copy).</summary>
    public static (string GrainId, string StateName, ReadOnlyMemory<byte> Payload) ReadBlob(ReadOnlyMemory<byte> blob)
    {
        using var stream = MemoryMarshal.TryGetArray(blob, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(blob.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var grainId = reader.ReadString();
        var stateName = reader.ReadString();
        return (grainId, stateName, blob[(int)stream.Position..]);
    }

    /// <summary>
    /// The size, the way Azure counts it, of a pack holding one record with this row key and a blob of this length: a
    /// record that does not fit alone cannot be stored (several records share a pack only up to a quarter of the limit).
    /// </summary>
    public static long SizeAlone(string partition, string row, int blobBytes)
    {
        long data = blobBytes;
        var directory = DirectoryBytes(row);
        var chunks = BinaryChunks.Count(data) + BinaryChunks.Count(directory) + 2;

        // Keys in UTF-16, per property its overhead and name, the values, and a kilobyte of slack as StateEntity counts.
        return 4 + (2L * partition.Length) + (2L * (PackPrefix.Length + 19)) + 1024 + (chunks * 20) + data + directory + 32;
    }

    /// <summary>
    /// The pack entity of these records; <paramref name="compress"/> false writes the data as packs were written before
    /// compression (kept for the tests that check such packs still read).
    /// </summary>
    public static TableEntity Entity(string partition, long sequence, IReadOnlyList<PackedRecord> records, bool compress = true)
    {
        // Sized up front: a pack's data reaches a quarter of a megabyte, and a growing stream would allocate every size
        // on the way there (the larger ones on the large object heap) only to copy it into the chunks after.
        long dataBytes = 0;
        long directoryBytes = 4;
        foreach (var record in records)
        {
            dataBytes += record.Blob.Length;
            directoryBytes += DirectoryBytes(record.Row);
        }

        using var directory = new MemoryStream((int)directoryBytes);
        using (var writer = new BinaryWriter(directory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(records.Count);
            var offset = 0;
            foreach (var record in records)
            {
                writer.Write(record.Row);
                writer.Write(record.ETag);
                writer.Write((byte)record.Kind);
                writer.Write(offset);
                writer.Write(record.Blob.Length);
                offset += record.Blob.Length;
            }
        }

        var entity = new TableEntity(partition, PackRow(sequence));
        var directoryChunks = BinaryChunks.Write(entity, DirectoryPrefix, directory.GetBuffer().AsMemory(0, (int)directory.Length));
        if (directoryChunks > MaxDirectoryChunks)
        {
            throw new InvalidOperationException($"A pack's directory needs {directoryChunks} chunks, more than {MaxDirectoryChunks}.");
        }

        entity[DirectoryChunksProperty] = directoryChunks;
        entity[DataChunksProperty] = compress && Zlib.WriteChunks(entity, DataPrefix, dataBytes, records, static (zlib, records) =>
            {
                foreach (var record in records)
                {
                    zlib.Write(record.Blob);
                }
            }) is { } chunks
            ? chunks
            : BinaryChunks.Write(entity, DataPrefix, dataBytes, records.Select(record => record.Blob));
        return entity;
    }

    /// <summary>The directory of a listed or read pack.</summary>
    public static List<DirectoryEntry> Directory(TableEntity pack)
    {
        var bytes = BinaryChunks.Join(pack, DirectoryPrefix, pack.GetInt32(DirectoryChunksProperty) ?? 0);
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        var count = reader.ReadInt32();
        var entries = new List<DirectoryEntry>(count);
        string? previousETag = null;
        for (var i = 0; i < count; i++)
        {
            var row = reader.ReadString();
            var etag = reader.ReadString();
            // The records of a pack share its ETag: one string for all of them in the index, not one each.
            if (etag == previousETag)
            {
                etag = previousETag;
            }

            previousETag = etag;
            entries.Add(new DirectoryEntry(row, etag, (RecordKind)reader.ReadByte(), reader.ReadInt32(), reader.ReadInt32()));
        }

        return entries;
    }

    /// <summary>A read pack's data: every blob, at the offsets its directory gives (decompressed if it was stored so).</summary>
    public static byte[] Data(TableEntity pack) => Zlib.Read(pack, BinaryChunks.Join(pack, DataPrefix, pack.GetInt32(DataChunksProperty) ?? 0), "Pack");

    /// <summary>Whether the pack's data is stored compressed.</summary>
    public static bool IsCompressed(TableEntity pack) => Zlib.IsCompressed(pack);

    /// <summary>The binary properties a pack's data is stored in, in order (compressed, if it was stored so).</summary>
    public static IReadOnlyList<byte[]> DataChunks(TableEntity pack) => BinaryChunks.Read(pack, DataPrefix, pack.GetInt32(DataChunksProperty) ?? 0);

    private static int LengthPrefixBytes(int length)
    {
        var bytes = 1;
        for (var rest = (uint)length >> 7; rest != 0; rest >>= 7)
        {
            bytes++;
        }

        return bytes;
    }

    /// <summary>A string as BinaryWriter writes it: its UTF-8 length as a 7-bit encoded integer, then its UTF-8 bytes.</summary>
    private static int WriteString(byte[] into, int at, string text, int bytes)
    {
        var length = (uint)bytes;
        while (length >= 0x80)
        {
            into[at++] = (byte)(length | 0x80);
            length >>= 7;
        }

        into[at++] = (byte)length;
        return at + Encoding.UTF8.GetBytes(text, into.AsSpan(at));
    }

    /// <summary>Directory bytes of a record with this row key (its ETag is at most 40 bytes).</summary>
    public static long DirectoryBytes(string row) => Encoding.UTF8.GetByteCount(row) + 56;
}
