using FsCheck;
using FsCheck.Xunit;
using OfferLab.Core.Tokens;

namespace OfferLab.Core.Tests.Tokens;

public sealed class TokenCodecPropertyTests
{
    private static readonly TokenCodec Codec = TokenCodecTests.Codec;

    [Property(MaxTest = 500)]
    public bool Any_fields_round_trip_exactly(
        NonNull<string> experiment, int version, long period, NonNull<string> variant, NonNull<string> customer,
        NonNull<string> session, long ticks, short offsetMinutes, NonNull<string> tokenId)
    {
        var offset = TimeSpan.FromMinutes(offsetMinutes % (14 * 60));
        var clock = Math.Abs(ticks % DateTime.MaxValue.Ticks);
        clock = Math.Clamp(clock, Math.Max(0, offset.Ticks), DateTime.MaxValue.Ticks + Math.Min(0, offset.Ticks));
        var token = new AssignmentToken(experiment.Get, version, period, variant.Get, customer.Get, session.Get,
            new DateTimeOffset(clock, offset), tokenId.Get);
        var text = Codec.Encode(token);
        return Codec.TryDecode(text, out var decoded, out _)
            && decoded == token
            && decoded.IssuedAt.Offset == token.IssuedAt.Offset
            && decoded.IssuedAt.Ticks == token.IssuedAt.Ticks
            && text == Codec.Encode(decoded);
    }

    [Property(MaxTest = 1000)]
    public bool Decoding_any_text_never_throws(string text)
    {
        var ok = Codec.TryDecode(text, out var token, out var problem);
        return ok ? token is not null : token is null && problem is not null;
    }

    [Property(MaxTest = 1000)]
    public bool Decoding_any_base64url_after_the_format_character_never_throws_or_verifies(byte[] bytes)
    {
        var text = "1" + System.Buffers.Text.Base64Url.EncodeToString(bytes ?? []);
        return !Codec.TryDecode(text, out var token, out var problem) && token is null && problem is not null;
    }

    [Property(MaxTest = 2000)]
    public bool A_validly_signed_garbage_payload_never_throws_and_only_canonical_payloads_decode(byte[] garbage, bool versionFirst)
    {
        var payload = versionFirst ? [TokenPayload.FormatVersion, .. garbage ?? []] : garbage ?? [];
        if (payload.Length == 0)
        {
            return true;
        }

        var text = Codec.Sign(payload);
        var ok = Codec.TryDecode(text, out var token, out var problem);
        return ok ? Codec.Encode(token!) == text : problem is not null;
    }

    [Property(MaxTest = 300)]
    public bool A_well_signed_payload_cut_short_is_refused_as_malformed(byte cut)
    {
        var full = new byte[TokenPayload.MaxSize(TokenCodecTests.Sample)];
        var length = TokenPayload.Write(TokenCodecTests.Sample, full);
        var keep = 2 + (cut % (length - 2)); // 1 would leave only the version byte, which is not sent: "too short"
        return !Codec.TryDecode(Codec.Sign(full.AsSpan(0, keep)), out _, out var problem) && problem == "malformed payload";
    }

    [Property(MaxTest = 1000)]
    public bool Every_encoder_output_is_canonical(byte[] bytes) =>
        CanonicalBase64Url.IsCanonical(System.Buffers.Text.Base64Url.EncodeToString(bytes ?? []));

    [Property(MaxTest = 2000)]
    public bool What_the_canonical_check_accepts_decodes_and_re_encodes_to_itself(NonNull<string> text)
    {
        // Mostly random text: bias towards the alphabet so that many cases pass the check.
        var chars = text.Get.Select(c => TokenCodecTests.Alphabet[c % TokenCodecTests.Alphabet.Length]).ToArray();
        var candidate = text.Get.Length % 3 == 0 ? text.Get : new string(chars);
        return !CanonicalBase64Url.IsCanonical(candidate)
            || System.Buffers.Text.Base64Url.EncodeToString(System.Buffers.Text.Base64Url.DecodeFromChars(candidate)) == candidate;
    }
}
