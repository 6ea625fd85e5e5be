using System.Text;
using OfferLab.Core.Tokens;

namespace OfferLab.Core.Tests.Tokens;

public sealed class TokenCodecTests
{
    internal const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    internal static readonly TokenCodec Codec = new(Encoding.UTF8.GetBytes("unit-test-signing-key-0123456789abcdef"));

    internal static readonly AssignmentToken Sample = new(
        "burger-sides", 3, 42, "fries", "cust/é#1?|\u0001", "s-88f1",
        new DateTimeOffset(2026, 11, 23, 20, 1, 2, 345, TimeSpan.FromHours(-5)).AddTicks(6789), "tok-1");

    [Fact]
    public void A_token_round_trips_exactly_and_encodes_the_same_every_time()
    {
        var text = Codec.Encode(Sample);
        Assert.True(Codec.TryDecode(text, out var decoded, out var problem));
        Assert.Null(problem);
        Assert.Equal(Sample, decoded);
        Assert.Equal(Sample.IssuedAt.Offset, decoded.IssuedAt.Offset);
        Assert.Equal(text, Codec.Encode(Sample));
        Assert.Equal(text, Codec.Encode(Sample with { }));
        Assert.StartsWith("1", text, StringComparison.Ordinal);
        Assert.All(text, c => Assert.Contains(c, Alphabet));
        Assert.InRange(text.Length, 60, 140); // compact: about 75 bytes of fields and 32 of MAC
    }

    [Theory]
    [InlineData("a|b", "\u0000\u0001\u001f", "sessión-ü-日本-🍔", "")]
    [InlineData("\ud800", "lone\udc00low", "pair\ud83c\udf54ok", "end\ud83c")]
    [InlineData(" ", "\n\r\t", "=+/", "%2F%3F")]
    public void Ids_with_any_characters_round_trip(string experiment, string customer, string session, string tokenId)
    {
        var token = new AssignmentToken(experiment, int.MinValue, long.MaxValue, "v", customer, session, DateTimeOffset.MaxValue, tokenId);
        Assert.True(Codec.TryDecode(Codec.Encode(token), out var decoded, out _));
        Assert.Equal(token, decoded);
        Assert.Equal(customer, decoded.CustomerId, StringComparer.Ordinal);
        Assert.Equal(tokenId, decoded.TokenId, StringComparer.Ordinal);
    }

    [Fact]
    public void Every_character_replacement_truncation_or_extension_is_refused()
    {
        var text = Codec.Encode(Sample);
        var accepted = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            foreach (var c in Alphabet + "1=.+/ ")
            {
                var altered = string.Concat(text.AsSpan(0, i), c.ToString(), text.AsSpan(i + 1));
                if (altered != text && Codec.TryDecode(altered, out _, out _))
                {
                    accepted.Add($"position {i} → '{c}'");
                }
            }

            if (Codec.TryDecode(text[..i], out _, out _))
            {
                accepted.Add($"truncated to {i}");
            }
        }

        foreach (var tail in Alphabet.Select(c => c.ToString()).Concat(["=", "==", " ", "\n", "\0"]))
        {
            if (Codec.TryDecode(text + tail, out _, out _) || Codec.TryDecode(tail + text, out _, out _))
            {
                accepted.Add($"extended by '{tail}'");
            }
        }

        Assert.Empty(accepted);
    }

    [Fact]
    public void Every_bit_flip_of_the_signed_bytes_is_refused()
    {
        var text = Codec.Encode(Sample);
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text.AsSpan(1));
        for (var i = 0; i < bytes.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var altered = (byte[])bytes.Clone();
                altered[i] ^= (byte)(1 << bit);
                Assert.False(Codec.TryDecode("1" + System.Buffers.Text.Base64Url.EncodeToString(altered), out _, out var problem), $"byte {i} bit {bit}");
                Assert.Equal("bad signature", problem);
            }
        }
    }

    [Fact]
    public void A_token_of_another_key_is_refused_but_a_rotated_codec_accepts_both_and_signs_with_the_first()
    {
        var oldKey = Encoding.UTF8.GetBytes("old-deployment-signing-key-0123456789");
        var newKey = Encoding.UTF8.GetBytes("new-deployment-signing-key-0123456789");
        var old = new TokenCodec(oldKey).Encode(Sample);
        Assert.False(new TokenCodec(newKey).TryDecode(old, out _, out var problem));
        Assert.Equal("bad signature", problem);

        var rotated = new TokenCodec([newKey, oldKey]);
        Assert.True(rotated.TryDecode(old, out var decoded, out _));
        Assert.Equal(Sample, decoded);
        Assert.True(new TokenCodec(newKey).TryDecode(rotated.Encode(Sample), out _, out _));
        Assert.False(new TokenCodec(oldKey).TryDecode(rotated.Encode(Sample), out _, out _));
    }

    [Fact]
    public void Keys_come_from_base64_and_must_hold_32_bytes()
    {
        var key = Convert.ToBase64String(Encoding.UTF8.GetBytes("unit-test-signing-key-0123456789abcdef"));
        Assert.Equal(Codec.Encode(Sample), TokenCodec.FromBase64Key(key).Encode(Sample));
        Assert.Throws<ArgumentException>(() => new TokenCodec(new byte[31]));
        Assert.Throws<ArgumentException>(() => new TokenCodec(Array.Empty<byte[]>()));
        Assert.Throws<ArgumentException>(() => TokenCodec.FromBase64Key(Convert.ToBase64String(new byte[31])));
        Assert.Throws<ArgumentException>(() => TokenCodec.FromBase64Key("not base64 at all!"));
        Assert.Throws<ArgumentException>(() => TokenCodec.FromBase64Key(key, "short"));
    }

    [Theory]
    [InlineData(null, "empty token")]
    [InlineData("", "empty token")]
    [InlineData("garbage!", "unknown token format")]
    [InlineData("3AAAA", "unknown token format")]
    [InlineData("1", "too short")]
    [InlineData("1AQ", "too short")]
    [InlineData("1A", "not base64url")]
    [InlineData("1AAA=", "not base64url")]
    [InlineData("1AA AA", "not base64url")]
    [InlineData("1AB", "not base64url")]
    public void Garbage_is_refused_with_a_reason(string? text, string expected)
    {
        Assert.False(Codec.TryDecode(text, out var token, out var problem));
        Assert.Null(token);
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void A_huge_token_is_refused_before_any_work()
    {
        Assert.False(Codec.TryDecode("1" + new string('A', 100_000), out _, out var problem));
        Assert.Equal("too long", problem);
    }

    [Fact]
    public void A_token_that_would_exceed_the_limit_cannot_be_issued()
    {
        var huge = new string('x', TokenCodec.MaxLength);
        Assert.Throws<ArgumentException>(() => Codec.Encode(Sample with { SessionId = huge }));
        var longest = Codec.Encode(Sample with { SessionId = new string('x', 2_000) });
        Assert.True(Codec.TryDecode(longest, out _, out _));
    }
}
