using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace OfferLab.Core.Tokens;

/// <summary>
/// Signs and verifies <see cref="AssignmentToken"/>s. A token is the format character <c>1</c> followed by the
/// unpadded base64url of the payload (see <see cref="TokenPayload"/>) and its HMAC-SHA256; the MAC also covers the
/// format version. Only the canonical spelling verifies (no padding, whitespace or stray bits), so no two strings
/// carry one signature. Encoding is deterministic: the same token always gives the same string.
/// </summary>
/// <remarks>
/// Key rotation: build the codec with several keys; it signs with the first and accepts a token signed with any.
/// Roll a new key in by putting it first while the old one stays second until issued tokens have aged past the
/// longest attribution window, then drop the old one. Thread-safe.
/// </remarks>
public sealed class TokenCodec
{
    /// <summary>Longest token accepted or produced, in characters. Anything longer is refused before any work.</summary>
    public const int MaxLength = 4096;

    /// <summary>Shortest signing key, in bytes (the HMAC-SHA256 output size).</summary>
    public const int MinKeyBytes = 32;

    private const char FormatCharacter = '1';
    private const char SegmentedFormatCharacter = '2';
    private const int MacSize = HMACSHA256.HashSizeInBytes;

    private readonly byte[][] _keys;

    /// <summary>A codec that signs and verifies with <paramref name="key"/> (at least 32 bytes).</summary>
    public TokenCodec(ReadOnlySpan<byte> key)
        : this([key.ToArray()])
    {
    }

    /// <summary>A codec that signs with <c>keys[0]</c> and accepts tokens signed with any of <paramref name="keys"/>.</summary>
    public TokenCodec(IReadOnlyList<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one signing key is needed.", nameof(keys));
        }

        if (keys.Any(k => k is null || k.Length < MinKeyBytes))
        {
            throw new ArgumentException($"Every signing key must hold at least {MinKeyBytes} bytes.", nameof(keys));
        }

        _keys = [.. keys.Select(k => k.ToArray())];
    }

    /// <summary>A codec whose keys are given in base64, the first signing (e.g. from configuration).</summary>
    /// <exception cref="ArgumentException">A key is not base64 or decodes to fewer than 32 bytes.</exception>
    public static TokenCodec FromBase64Key(string base64, params IEnumerable<string> olderKeys)
    {
        ArgumentNullException.ThrowIfNull(base64);
        ArgumentNullException.ThrowIfNull(olderKeys);
        return new TokenCodec([.. new[] { base64 }.Concat(olderKeys).Select(Decode)]);

        static byte[] Decode(string key)
        {
            var bytes = new byte[key.Length];
            return Convert.TryFromBase64String(key, bytes, out var length)
                ? bytes[..length]
                : throw new ArgumentException("A token signing key is not valid base64.", nameof(base64));
        }
    }

    /// <summary>The signed, URL-safe text of <paramref name="token"/>.</summary>
    /// <exception cref="ArgumentException">The token would be longer than <see cref="MaxLength"/>.</exception>
    public string Encode(AssignmentToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var size = TokenPayload.MaxSize(token) + MacSize;
        Span<byte> buffer = size <= 1024 ? stackalloc byte[size] : new byte[size];
        return Sign(buffer, TokenPayload.Write(token, buffer));
    }

    /// <summary>Signs raw payload bytes (version byte first); tests use it to forge well-signed garbage.</summary>
    internal string Sign(ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[payload.Length + MacSize];
        payload.CopyTo(buffer);
        return Sign(buffer, payload.Length);
    }

    // buffer[..length] is the payload; the MAC goes right after it.
    private string Sign(Span<byte> buffer, int length)
    {
        HMACSHA256.HashData(_keys[0], buffer[..length], buffer.Slice(length, MacSize));

        // The version byte is signed but not sent: the leading format character says it.
        var body = buffer[1..(length + MacSize)];
        var textLength = 1 + Base64Url.GetEncodedLength(body.Length);
        if (textLength > MaxLength)
        {
            throw new ArgumentException($"The token would be {textLength} characters; at most {MaxLength} are allowed. Shorten the ids.");
        }

        Span<char> text = textLength <= 1024 ? stackalloc char[textLength] : new char[textLength];
        text[0] = buffer[0] == TokenPayload.SegmentedVersion ? SegmentedFormatCharacter : FormatCharacter;
        Base64Url.EncodeToChars(body, text[1..]);
        return new string(text);
    }

    /// <summary>
    /// Verifies <paramref name="text"/> and reads its token. False for anything this codec did not sign, never an
    /// exception, with <paramref name="problem"/> one of: <c>empty token</c>, <c>too long</c>, <c>unknown token
    /// format</c>, <c>not base64url</c>, <c>too short</c>, <c>bad signature</c>, <c>unknown payload version</c>,
    /// <c>malformed payload</c>, <c>issue time out of range</c> (the last three only for well-signed garbage).
    /// </summary>
    public bool TryDecode(string? text, [NotNullWhen(true)] out AssignmentToken? token, out string? problem)
    {
        token = null;
        if (string.IsNullOrEmpty(text))
        {
            problem = "empty token";
            return false;
        }

        if (text.Length > MaxLength)
        {
            problem = "too long";
            return false;
        }

        if (text[0] is not (FormatCharacter or SegmentedFormatCharacter))
        {
            problem = "unknown token format";
            return false;
        }

        var chars = text.AsSpan(1);
        if (!CanonicalBase64Url.IsCanonical(chars))
        {
            problem = "not base64url";
            return false;
        }

        Span<byte> buffer = stackalloc byte[1 + Base64Url.GetMaxDecodedLength(chars.Length)];
        buffer[0] = text[0] == SegmentedFormatCharacter ? TokenPayload.SegmentedVersion : TokenPayload.FormatVersion;
        if (!Base64Url.TryDecodeFromChars(chars, buffer[1..], out var written))
        {
            problem = "not base64url";
            return false;
        }

        if (written < MacSize + 1)
        {
            problem = "too short";
            return false;
        }

        var payload = buffer[..(1 + written - MacSize)];
        if (!Verify(payload, buffer.Slice(1 + written - MacSize, MacSize)))
        {
            problem = "bad signature";
            return false;
        }

        return TokenPayload.TryRead(payload, out token, out problem);
    }

    private bool Verify(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> mac)
    {
        Span<byte> expected = stackalloc byte[MacSize];
        var match = false;
        foreach (var key in _keys)
        {
            HMACSHA256.HashData(key, payload, expected);
            match |= CryptographicOperations.FixedTimeEquals(expected, mac);
        }

        return match;
    }
}
