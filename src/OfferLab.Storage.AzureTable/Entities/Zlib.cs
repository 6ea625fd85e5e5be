using System.Buffers;
using System.IO.Compression;

namespace OfferLab.Storage.AzureTable.Entities;

/// <summary>
/// zlib at its fastest level, for what is stored in binary properties (customer packs, journal packs): compressed only
/// when that makes it smaller, and read back to exactly the raw length the entity names.
/// </summary>
internal static class Zlib
{
    // zlib's fastest level compresses a pack of 100 customer states in about 16 µs. (Brotli's one-shot encoder, at its
    // fastest quality, took a millisecond and 68 page faults a pack: it builds its tables anew every call.)
    private const CompressionLevel Compression = CompressionLevel.Fastest;

    /// <summary>
    /// Compresses what <paramref name="write"/> writes (<paramref name="rawBytes"/> in all) into a rented array; null
    /// when it would not come out smaller, and the raw bytes are to be stored as they are. The caller returns the array.
    /// </summary>
    public static (byte[] Rented, int Written)? TryCompress<TState>(long rawBytes, TState state, Action<Stream, TState> write)
    {
        if (rawBytes is 0 or > int.MaxValue / 2)
        {
            return null;
        }

        var packed = ArrayPool<byte>.Shared.Rent((int)rawBytes);
        try
        {
            // A stream over the raw size: data that would not shrink overflows it, and is then stored as it is.
            var output = new MemoryStream(packed, 0, (int)rawBytes, writable: true);
            using (var zlib = new ZLibStream(output, Compression, leaveOpen: true))
            {
                write(zlib, state);
            }

            if (output.Position < rawBytes)
            {
                var result = (packed, (int)output.Position);
                packed = null;
                return result;
            }

            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
        finally
        {
            if (packed is not null)
            {
                ArrayPool<byte>.Shared.Return(packed);
            }
        }
    }

    /// <summary>Decompresses <paramref name="stored"/> to exactly <paramref name="rawBytes"/> bytes, or refuses it naming <paramref name="what"/>.</summary>
    public static byte[] Decompress(byte[] stored, int rawBytes, string what)
    {
        var raw = new byte[rawBytes];
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(stored, writable: false), CompressionMode.Decompress);
            zlib.ReadExactly(raw);
            if (zlib.ReadByte() == -1)
            {
                return raw;
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"{what}: its data does not decompress to the {rawBytes} bytes it names.", e);
        }

        throw new InvalidDataException($"{what}: its data decompresses to more than the {rawBytes} bytes it names.");
    }
}
