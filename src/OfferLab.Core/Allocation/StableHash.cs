using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OfferLab.Core.Allocation;

/// <summary>
/// Maps a tuple of strings to a uniform number in [0, 1) that is identical on every machine, process and .NET
/// version: SHA-256 over the UTF-8 bytes of each part, each prefixed by its length (so ("ab","c") ≠ ("a","bc")),
/// top 53 bits of the digest divided by 2^53.
/// </summary>
internal static class StableHash
{
    private const double TwoToMinus53 = 1.0 / (1L << 53);

    public static double Uniform(string domain, string first, string second, string third = "")
    {
        var length = 4 * 4 + Encoding.UTF8.GetByteCount(domain) + Encoding.UTF8.GetByteCount(first)
            + Encoding.UTF8.GetByteCount(second) + Encoding.UTF8.GetByteCount(third);
        var rented = length <= 512 ? null : new byte[length];
        Span<byte> buffer = rented ?? stackalloc byte[length];
        var offset = 0;
        foreach (var part in (ReadOnlySpan<string>)[domain, first, second, third])
        {
            var written = Encoding.UTF8.GetBytes(part, buffer[(offset + 4)..]);
            BinaryPrimitives.WriteInt32LittleEndian(buffer[offset..], written);
            offset += 4 + written;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer[..offset], digest);
        return (BinaryPrimitives.ReadUInt64BigEndian(digest) >> 11) * TwoToMinus53;
    }
}
