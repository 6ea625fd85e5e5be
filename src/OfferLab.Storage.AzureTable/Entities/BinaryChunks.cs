using System.Globalization;
using Azure.Data.Tables;

namespace OfferLab.Storage.AzureTable.Entities;

/// <summary>
/// Bytes split over numbered binary properties (<c>{prefix}0</c>, <c>{prefix}1</c>, ...) of at most 64 KiB each, Azure
/// Table's limit for one property: how a state record holds its payload and a pack its directory and data.
/// </summary>
internal static class BinaryChunks
{
    public const int MaxChunkBytes = 64 * 1024;

    public static long Count(long bytes) => (bytes + MaxChunkBytes - 1) / MaxChunkBytes;

    /// <summary>Writes <paramref name="bytes"/> into the entity's chunk properties; gives how many there are.</summary>
    public static int Write(TableEntity entity, string prefix, ReadOnlyMemory<byte> bytes)
    {
        var chunks = (int)Count(bytes.Length);
        for (var i = 0; i < chunks; i++)
        {
            var start = i * MaxChunkBytes;
            entity[Name(prefix, i)] = bytes.Slice(start, Math.Min(MaxChunkBytes, bytes.Length - start)).ToArray();
        }

        return chunks;
    }

    /// <summary>
    /// Writes the concatenation of <paramref name="parts"/> (<paramref name="bytes"/> in all) into the entity's chunk
    /// properties, copying each part straight into its chunks; gives how many there are.
    /// </summary>
    public static int Write(TableEntity entity, string prefix, long bytes, IEnumerable<byte[]> parts)
    {
        var chunks = (int)Count(bytes);
        var index = 0;
        var chunk = chunks > 0 ? NewChunk(0) : [];
        var at = 0;
        foreach (var part in parts)
        {
            var from = 0;
            while (from < part.Length)
            {
                if (at == chunk.Length)
                {
                    if (index + 1 >= chunks)
                    {
                        throw new ArgumentException($"The parts hold more than {bytes} bytes.", nameof(parts));
                    }

                    entity[Name(prefix, index)] = chunk;
                    chunk = NewChunk(++index);
                    at = 0;
                }

                var take = Math.Min(part.Length - from, chunk.Length - at);
                part.AsSpan(from, take).CopyTo(chunk.AsSpan(at));
                from += take;
                at += take;
            }
        }

        if (index * (long)MaxChunkBytes + at != bytes)
        {
            throw new ArgumentException($"The parts hold {(index * (long)MaxChunkBytes) + at} bytes, not {bytes}.", nameof(parts));
        }

        if (chunks > 0)
        {
            entity[Name(prefix, index)] = chunk;
        }

        return chunks;

        byte[] NewChunk(int i) => new byte[Math.Min(MaxChunkBytes, bytes - (i * (long)MaxChunkBytes))];
    }

    /// <summary>The entity's chunk properties, in order; a missing one is corrupt data.</summary>
    public static byte[][] Read(TableEntity entity, string prefix, int chunks)
    {
        var parts = new byte[chunks][];
        for (var i = 0; i < chunks; i++)
        {
            parts[i] = entity.GetBinary(Name(prefix, i))
                ?? throw new InvalidDataException($"Record {entity.PartitionKey}/{entity.RowKey} lacks {prefix}{i} of {chunks} chunks.");
        }

        return parts;
    }

    /// <summary>The entity's chunk properties joined.</summary>
    public static byte[] Join(TableEntity entity, string prefix, int chunks)
    {
        var parts = Read(entity, prefix, chunks);
        var joined = new byte[parts.Sum(p => p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(joined, offset);
            offset += part.Length;
        }

        return joined;
    }

    private static string Name(string prefix, int index) => prefix + index.ToString(CultureInfo.InvariantCulture);
}
