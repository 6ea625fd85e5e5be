using System.Runtime.InteropServices;
using System.Text;

namespace OfferLab.Core.Tokens;

/// <summary>Appends varints and strings to a span sized by <see cref="TokenPayload.MaxSize"/>.</summary>
internal ref struct PayloadWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;

    public int Position { get; private set; }

    public void Byte(byte value) => _destination[Position++] = value;

    public void Signed(long value) => Unsigned((ulong)((value << 1) ^ (value >> 63)));

    public void Unsigned(ulong value)
    {
        while (value >= 0x80)
        {
            _destination[Position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _destination[Position++] = (byte)value;
    }

    public void Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TokenPayload.IsWellFormed(text))
        {
            var length = Encoding.UTF8.GetByteCount(text);
            Unsigned((ulong)length << 1);
            Position += Encoding.UTF8.GetBytes(text, _destination[Position..]);
        }
        else
        {
            var bytes = MemoryMarshal.AsBytes(text.AsSpan());
            Unsigned(((ulong)bytes.Length << 1) | 1);
            WriteUtf16LittleEndian(text);
        }
    }

    // Byte order fixed explicitly, so a token issued on any machine reads the same on any other.
    private void WriteUtf16LittleEndian(string text)
    {
        foreach (var c in text)
        {
            _destination[Position++] = (byte)c;
            _destination[Position++] = (byte)(c >> 8);
        }
    }
}
