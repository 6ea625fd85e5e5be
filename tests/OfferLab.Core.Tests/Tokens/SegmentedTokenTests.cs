using FsCheck;
using FsCheck.Xunit;
using OfferLab.Core.Tokens;

namespace OfferLab.Core.Tests.Tokens;

/// <summary>Tokens that carry the assign request's segments: a second format, the first kept byte for byte.</summary>
public sealed class SegmentedTokenTests
{
    private static readonly TokenCodec Codec = TokenCodecTests.Codec;
    private static readonly DateTimeOffset IssuedAt = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    [Property(MaxTest = 300)]
    public bool Segments_round_trip_exactly(NonEmptyString segments, NonNull<string> experiment)
    {
        var token = new AssignmentToken(experiment.Get, 3, 7, "fries", "c-1", "s-1", IssuedAt, "t-1", segments.Get);
        var text = Codec.Encode(token);
        return text[0] == '2' && Codec.TryDecode(text, out var decoded, out _) && decoded == token && text == Codec.Encode(decoded);
    }

    [Fact]
    public void A_token_without_segments_keeps_the_first_format()
    {
        var token = new AssignmentToken("burger-sides", 3, 7, "fries", "c-1", "s-1", IssuedAt, "t-1");

        var text = Codec.Encode(token);

        Assert.Equal('1', text[0]);
        Assert.True(Codec.TryDecode(text, out var decoded, out _));
        Assert.Equal("", decoded.Segments);
    }

    [Fact]
    public void Changing_the_format_character_breaks_the_signature()
    {
        var token = new AssignmentToken("burger-sides", 3, 7, "fries", "c-1", "s-1", IssuedAt, "t-1", "tier=gold");
        var text = Codec.Encode(token);

        Assert.False(Codec.TryDecode("1" + text[1..], out _, out var problem));
        Assert.NotNull(problem);
    }
}
