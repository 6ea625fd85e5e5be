using System.Text;
using System.Text.Unicode;

namespace OfferLab.Core.Tokens;

/// <summary>Reads what <see cref="PayloadWriter"/> wrote; every method returns false instead of throwing.</summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> source)
{
    private const int MaxVarintBytes = 10;

    private readonly ReadOnlySpan<byte> _source = source;
    private int _position;

    public readonly bool AtEnd => _position == _source.Length;

    public bool Byte(out byte value)
    {
        value = 0;
        if (_position >= _source.Length)
        {
            return false;
        }

        value = _source[_position++];
        return true;
    }

    public bool Signed(out long value)
    {
        var ok = Unsigned(out var raw);
        value = (long)(raw >> 1) ^ -(long)(raw & 1);
        return ok;
    }

    public bool Unsigned(out ulong value)
    {
        value = 0;
        for (var i = 0; i < MaxVarintBytes; i++)
        {
            if (!Byte(out var b) || (i == MaxVarintBytes - 1 && b > 1))
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    public bool Text(out string text)
    {
        text = "";
        if (!Unsigned(out var header) || (header >> 1) > (ulong)(_source.Length - _position))
        {
            return false;
        }

        var bytes = _source.Slice(_position, (int)(header >> 1));
        _position += bytes.Length;
        if ((header & 1) == 0)
        {
            if (!Utf8.IsValid(bytes))
            {
                return false;
            }

            text = Encoding.UTF8.GetString(bytes);
            return true;
        }

        if (bytes.Length % 2 != 0)
        {
            return false;
        }

        var chars = new char[bytes.Length / 2];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)(bytes[2 * i] | (bytes[(2 * i) + 1] << 8));
        }

        text = new string(chars);
        return !TokenPayload.IsWellFormed(text);
    }
}
