using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Azure.Data.Tables;
using OfferLab.Storage.AzureTable.Entities;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>
/// How entries sit in the table: consecutive entries of one transaction share an entity (a "pack"), keyed by the
/// first one's sequence. A group commit of a hundred appends is then one entity for the service to store instead of a
/// hundred — the storage's cost is per entity far more than per byte.
/// </summary>
/// <remarks>
/// A pack is binary: an <c>Entries</c> count, then the entries' stream ids and payloads one after the other in
/// properties <c>E0</c>, <c>E1</c>, ... of at most 64 KiB (<see cref="BinaryChunks"/>), at most 960 KiB in all (the
/// entity limit is 1 MiB; binary counts as its bytes). Each string is an encoding byte (0: UTF-8; 1: UTF-16LE, for a
/// string with a lone surrogate, which UTF-8 cannot carry), its byte length (Int32 LE) and its bytes. Azurite parses a
/// binary property as one base64 string where it parsed two string properties per entry before: it spends about half
/// the CPU per pack. Rows of the earlier forms still read: string packs (<c>Count</c>, <c>S{i}</c>, <c>P{i}</c>) and
/// one entry per entity (<c>StreamId</c>, <c>Payload</c>). The body is stored zlib-compressed (fastest level) when that
/// makes it smaller, its raw length in <c>Dz</c>: the entries of a group commit are JSON much alike (a pack of 36, about
/// 15 KB, becomes about 2 KB), and the Azure SDK writes a binary property as base64 into buffers that grow with it (the
/// most garbage a transaction made). A pack without <c>Dz</c> (written before, or a body that would not shrink) holds
/// its body as it is.
/// </remarks>
internal static class JournalPacks
{
    public const long MaxBytes = 960 * 1024;

    private const string EntriesProperty = "Entries";
    private const string ChunkPrefix = "E";
    private const string StringCountProperty = "Count";
    private const byte Utf8Encoded = 0;
    private const byte Utf16Encoded = 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The most bytes an entry can take in a pack: two strings' headers and at most three bytes a character.</summary>
    public static long MaxEncodedBytes(JournalEntry entry) => 10 + (3L * entry.StreamId.Length) + (entry.Utf8Payload is { } utf8 ? utf8.Length : 3L * entry.Payload.Length);

    public static List<TableEntity> Pack(string segment, long first, IReadOnlyList<JournalEntry> entries)
    {
        var packs = new List<TableEntity>(1);

        // Every transaction packs its entries through the thread's buffer: only the chunks stored are new arrays.
        var body = ThreadBuffer.Take();
        try
        {
            var start = 0;
            while (start < entries.Count)
            {
                body.ResetWrittenCount();
                var count = 0;
                while (start + count < entries.Count)
                {
                    var entry = entries[start + count];
                    if (count > 0 && body.WrittenCount + MaxEncodedBytes(entry) > MaxBytes)
                    {
                        break;
                    }

                    WriteString(body, entry.StreamId);
                    if (entry.Utf8Payload is { } utf8)
                    {
                        WriteUtf8(body, utf8);
                    }
                    else
                    {
                        WriteString(body, entry.Payload);
                    }

                    count++;
                }

                var pack = new TableEntity(segment, JournalKeys.RowKey(first + start)) { [EntriesProperty] = count };
                if (Zlib.WriteChunks(pack, ChunkPrefix, body.WrittenCount, body.WrittenMemory, static (zlib, bytes) => zlib.Write(bytes.Span)) is null)
                {
                    BinaryChunks.Write(pack, ChunkPrefix, body.WrittenMemory);
                }

                packs.Add(pack);
                start += count;
            }

            return packs;
        }
        finally
        {
            ThreadBuffer.Give(body);
        }
    }

    public static IEnumerable<JournalRecord> Unpack(TableEntity row)
    {
        var first = JournalKeys.Sequence(row.RowKey);
        if (row.GetInt32(EntriesProperty) is { } entries)
        {
            return UnpackBinary(row, first, entries);
        }

        if (row.GetInt32(StringCountProperty) is { } count)
        {
            return UnpackStrings(row, first, count);
        }

        return [new JournalRecord(new JournalPosition(row.PartitionKey, first), JournalKeys.StreamId(row.GetString("StreamId")), row.GetString("Payload"))];
    }

    private static List<JournalRecord> UnpackBinary(TableEntity row, long first, int entries)
    {
        var body = Zlib.Read(row, BinaryChunks.Join(row, ChunkPrefix, ChunksPresent(row)), "Journal pack");
        var records = new List<JournalRecord>(entries);
        var offset = 0;
        for (var i = 0; i < entries; i++)
        {
            var stream = ReadString(row, body, ref offset, i, entries);
            var payload = ReadString(row, body, ref offset, i, entries);
            records.Add(new JournalRecord(new JournalPosition(row.PartitionKey, first + i), stream, payload));
        }

        return offset == body.Length
            ? records
            : throw new InvalidDataException($"Journal pack {row.PartitionKey}/{row.RowKey} holds {body.Length - offset} bytes past its {entries} entries.");
    }

    /// <summary>How many chunk properties the pack has (<c>E0</c>, <c>E1</c>, ... up to the first missing one).</summary>
    private static int ChunksPresent(TableEntity row)
    {
        var chunks = 0;
        while (row.ContainsKey(ChunkPrefix + chunks))
        {
            chunks++;
        }

        return chunks;
    }

    private static IEnumerable<JournalRecord> UnpackStrings(TableEntity row, long first, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var stream = row.GetString("S" + i) ?? throw new InvalidDataException($"Journal pack {row.PartitionKey}/{row.RowKey} lacks entry {i} of {count}.");
            yield return new JournalRecord(new JournalPosition(row.PartitionKey, first + i), JournalKeys.StreamId(stream), row.GetString("P" + i));
        }
    }

    /// <summary>Text given as valid UTF-8, stored as <see cref="WriteString"/> stores its UTF-8 form.</summary>
    private static void WriteUtf8(ArrayBufferWriter<byte> body, byte[] utf8)
    {
        var header = body.GetSpan(5 + utf8.Length);
        header[0] = Utf8Encoded;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], utf8.Length);
        utf8.CopyTo(header[5..]);
        body.Advance(5 + utf8.Length);
    }

    private static void WriteString(ArrayBufferWriter<byte> body, string text)
    {
        var header = body.GetSpan(5 + (3 * text.Length));
        var status = System.Text.Unicode.Utf8.FromUtf16(text, header[5..], out _, out var written, replaceInvalidSequences: false);
        var encoding = Utf8Encoded;
        if (status != OperationStatus.Done)
        {
            // A lone surrogate: kept exactly, as UTF-16 code units (an encoder would replace it).
            encoding = Utf16Encoded;
            written = 2 * text.Length;
            for (var i = 0; i < text.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(header[(5 + (2 * i))..], text[i]);
            }
        }

        header[0] = encoding;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], written);
        body.Advance(5 + written);
    }

    private static string ReadString(TableEntity row, byte[] body, ref int offset, int index, int entries)
    {
        string Where() => $"Journal pack {row.PartitionKey}/{row.RowKey}, entry {index} of {entries},";
        if (body.Length - offset < 5
            || BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(offset + 1)) is var length && (length < 0 || length > body.Length - offset - 5))
        {
            throw new InvalidDataException($"{Where()} is cut short.");
        }

        var bytes = body.AsSpan(offset + 5, length);
        var encoding = body[offset];
        offset += 5 + length;
        try
        {
            return encoding switch
            {
                Utf8Encoded => StrictUtf8.GetString(bytes),
                Utf16Encoded when bytes.Length % 2 == 0 => Utf16(bytes),
                _ => throw new InvalidDataException($"{Where()} has a string of encoding {encoding} and {bytes.Length} bytes."),
            };
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{Where()} holds bytes that are not UTF-8.", e);
        }
    }

    private static string Utf16(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length / 2];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]);
        }

        return new string(chars);
    }
}
