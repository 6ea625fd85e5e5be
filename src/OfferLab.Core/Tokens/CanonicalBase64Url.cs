namespace OfferLab.Core.Tokens;

/// <summary>
/// Accepts only what an unpadded base64url encoder writes: its alphabet, no padding or whitespace, never a length
/// of 1 mod 4, and zero unused bits in the last character. Each byte string then has exactly one accepted
/// spelling, and the decoder (which throws on stray bits) is never handed anything it would refuse.
/// </summary>
internal static class CanonicalBase64Url
{
    /// <summary>True when <paramref name="chars"/> is exactly what an unpadded encoder writes for some bytes.</summary>
    public static bool IsCanonical(ReadOnlySpan<char> chars)
    {
        var unusedBitsMask = (chars.Length % 4) switch
        {
            0 => 0,
            2 => 0b1111,
            3 => 0b11,
            _ => -1,
        };
        if (unusedBitsMask < 0)
        {
            return false;
        }

        foreach (var c in chars)
        {
            if (SextetOf(c) < 0)
            {
                return false;
            }
        }

        return chars.IsEmpty || (SextetOf(chars[^1]) & unusedBitsMask) == 0;
    }

    private static int SextetOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };
}
