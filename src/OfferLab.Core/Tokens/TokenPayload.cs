namespace OfferLab.Core.Tokens;

/// <summary>
/// The signed bytes of a token: a format-version byte, then the fields in declaration order. Integers are LEB128
/// varints (signed ones zig-zagged), so small numbers take one byte; strings are a varint header
/// <c>(byteLength &lt;&lt; 1) | form</c> and their bytes, form 0 being UTF-8 and form 1 UTF-16LE. UTF-16 is used
/// only for strings that are not well-formed UTF-16 (lone surrogates), which UTF-8 cannot carry, so that every
/// .NET string round-trips exactly; the reader refuses the UTF-16 form for a well-formed string, keeping one
/// spelling per token.
/// </summary>
internal static class TokenPayload
{
    /// <summary>The first format; still written for tokens without segments, so they stay byte-identical.</summary>
    public const byte FormatVersion = 1;

    /// <summary>The first format plus a trailing segments string.</summary>
    public const byte SegmentedVersion = 2;

    private const int MaxVarint = 10;
    private const int MaxOffsetMinutes = 14 * 60;
    private const long MaxTicks = 3155378975999999999; // DateTime.MaxValue.Ticks

    /// <summary>An upper bound of <see cref="Write"/>'s output for <paramref name="token"/>.</summary>
    public static int MaxSize(AssignmentToken token) =>
        1 + (9 * MaxVarint) + (3 * (token.Experiment.Length + token.Variant.Length + token.CustomerId.Length
            + token.SessionId.Length + token.TokenId.Length + token.Segments.Length));

    /// <summary>Writes the payload (version byte first) and returns its length.</summary>
    public static int Write(AssignmentToken token, Span<byte> destination)
    {
        var writer = new PayloadWriter(destination);
        writer.Byte(token.Segments.Length == 0 ? FormatVersion : SegmentedVersion);
        writer.Text(token.Experiment);
        writer.Signed(token.Version);
        writer.Signed(token.Period);
        writer.Text(token.Variant);
        writer.Text(token.CustomerId);
        writer.Text(token.SessionId);
        writer.Unsigned((ulong)token.IssuedAt.Ticks);
        writer.Signed((long)token.IssuedAt.Offset.TotalMinutes);
        writer.Text(token.TokenId);
        if (token.Segments.Length > 0)
        {
            writer.Text(token.Segments);
        }

        return writer.Position;
    }

    /// <summary>Reads a payload written by <see cref="Write"/>; false with a reason on anything else. Never throws.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out AssignmentToken? token, out string? problem)
    {
        token = null;
        var reader = new PayloadReader(payload);
        if (!reader.Byte(out var version) || version is not (FormatVersion or SegmentedVersion))
        {
            problem = "unknown payload version";
            return false;
        }

        if (!reader.Text(out var experiment) || !reader.Signed(out var tokenVersion) || !reader.Signed(out var period)
            || !reader.Text(out var variant) || !reader.Text(out var customer) || !reader.Text(out var session)
            || !reader.Unsigned(out var ticks) || !reader.Signed(out var offsetMinutes) || !reader.Text(out var tokenId))
        {
            problem = "malformed payload";
            return false;
        }

        var segments = "";
        if (version == SegmentedVersion && (!reader.Text(out segments) || segments.Length == 0))
        {
            problem = "malformed payload";
            return false;
        }

        if (!reader.AtEnd || tokenVersion is < int.MinValue or > int.MaxValue)
        {
            problem = "malformed payload";
            return false;
        }

        if (ticks > (ulong)MaxTicks || offsetMinutes is < -MaxOffsetMinutes or > MaxOffsetMinutes
            || (long)ticks - (offsetMinutes * TimeSpan.TicksPerMinute) is < 0 or > MaxTicks)
        {
            problem = "issue time out of range";
            return false;
        }

        token = new AssignmentToken(experiment, (int)tokenVersion, period, variant, customer, session,
            new DateTimeOffset((long)ticks, TimeSpan.FromMinutes(offsetMinutes)), tokenId, segments);
        problem = null;
        return true;
    }

    /// <summary>True when <paramref name="text"/> has no lone surrogate, i.e. UTF-8 can carry it.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
