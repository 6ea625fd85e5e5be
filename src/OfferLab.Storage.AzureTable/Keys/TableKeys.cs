using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OfferLab.Storage.AzureTable.Keys;

/// <summary>
/// Turns service ids, grain ids and state names into Azure Table keys that never collide and never
/// break: characters the service forbids are %XX-escaped (reversibly), and a key past the size limit
/// becomes a readable prefix plus the SHA-256 of the whole escaped key.
/// </summary>
internal static class TableKeys
{
    /// <summary>Azure limits a key to 1 KiB; counted as UTF-16 and as UTF-8, whichever is larger.</summary>
    public const int MaxKeyBytes = 1024;

    // Joins the service id and the grain id. It is escaped inside components, so joining stays injective.
    private const char Separator = '|';
    private const string SeparatorText = "|";

    // "%H" never comes out of Escape (which writes '%' only before two hex digits), so a hashed key
    // can never equal an escaped one.
    private const string HashMarker = "%H";
    private const int ReadablePrefixLength = 200;

    public static string PartitionKey(string serviceId, string grainId) => PartitionKeyOfEscaped(serviceId, Escape(grainId));

    /// <summary><see cref="PartitionKey"/> of a grain id escaped already (<see cref="Escape"/>).</summary>
    public static string PartitionKeyOfEscaped(string serviceId, string escapedGrainId) =>
        Bounded(Escape(serviceId) + Separator + escapedGrainId);

    public static string RowKey(string stateName) => RowKeyOfEscaped(Escape(stateName));

    /// <summary><see cref="RowKey"/> of a state name escaped already (<see cref="Escape"/>).</summary>
    public static string RowKeyOfEscaped(string escapedStateName) => Bounded(escapedStateName);

    /// <summary>The partition of bucket <paramref name="bucket"/> of a service ("|" cannot start an escaped grain id's partition suffix, so it never meets a per-grain partition).</summary>
    public static string BucketPartitionKey(string serviceId, int bucket) =>
        Bounded(Escape(serviceId) + Separator + Separator + bucket.ToString("D5", CultureInfo.InvariantCulture));

    /// <summary>A grain's record inside a bucket: grain id and state name, each escaped, joined.</summary>
    public static string BucketRowKey(string grainId, string stateName) =>
        BucketRowKeyOfEscaped(Escape(grainId), Escape(stateName));

    /// <summary><see cref="BucketRowKey"/> of a grain id and state name escaped already (<see cref="Escape"/>).</summary>
    public static string BucketRowKeyOfEscaped(string escapedGrainId, string escapedStateName) =>
        Bounded(string.Concat(escapedGrainId, SeparatorText, escapedStateName));

    /// <summary>The bucket of a grain: FNV-1a over the id's UTF-16 code units, stable across processes and versions.</summary>
    public static int Bucket(string grainId, int buckets)
    {
        ArgumentNullException.ThrowIfNull(grainId);
        return Bucket(grainId, [], buckets);
    }

    /// <summary><see cref="Bucket(string, int)"/> of the text <paramref name="head"/> followed by <paramref name="tail"/>, without joining them.</summary>
    public static int Bucket(ReadOnlySpan<char> head, ReadOnlySpan<char> tail, int buckets)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in head)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        foreach (var c in tail)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (int)(hash % (ulong)buckets);
    }

    public static bool IsHashed(string key) => key.Contains(HashMarker, StringComparison.Ordinal);

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Measured first, then written once: most ids need no escape (returned as they are), and a grain id always has
        // one (the '/' after its type), on every storage call.
        var length = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogatePair(value, i))
            {
                length += 2;
                i++;
            }
            else
            {
                length += EscapedLength(value[i]);
            }
        }

        return length == value.Length ? value : string.Create(length, value, static (escaped, value) =>
        {
            var at = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsSurrogatePair(value, i))
                {
                    escaped[at++] = c;
                    escaped[at++] = value[++i];
                    continue;
                }

                switch (EscapedLength(c))
                {
                    case 1:
                        escaped[at++] = c;
                        break;
                    case 3:
                        escaped[at++] = '%';
                        at += WriteHex(escaped[at..], c, 2);
                        break;
                    default:
                        // Lone surrogates (only they pass 0xFF here) get a four-digit form.
                        escaped[at++] = '%';
                        escaped[at++] = 'u';
                        at += WriteHex(escaped[at..], c, 4);
                        break;
                }
            }
        });
    }

    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        var text = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '%')
            {
                text.Append(escaped[i]);
                continue;
            }

            var wide = escaped[i + 1] == 'u';
            var digits = escaped.AsSpan(wide ? i + 2 : i + 1, wide ? 4 : 2);
            text.Append((char)int.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            i += wide ? 5 : 2;
        }

        return text.ToString();
    }

    public static int SizeInBytes(string key) => Math.Max(key.Length * 2, Encoding.UTF8.GetByteCount(key));

    private static string Bounded(string escaped)
    {
        if (SizeInBytes(escaped) <= MaxKeyBytes)
        {
            return escaped;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(escaped)));
        return SafePrefix(escaped) + HashMarker + hash;
    }

    // Cuts between whole escapes and surrogate pairs, so the prefix stays readable and valid.
    private static string SafePrefix(string escaped)
    {
        var length = 0;
        while (true)
        {
            var token = escaped[length] == '%' ? (escaped[length + 1] == 'u' ? 6 : 3)
                : char.IsHighSurrogate(escaped[length]) ? 2
                : 1;
            if (length + token > ReadablePrefixLength)
            {
                return escaped[..length];
            }

            length += token;
        }
    }

    // The characters a character takes escaped: 1 for itself, 3 for %XX, 6 for %uXXXX (lone surrogates).
    private static int EscapedLength(char c) => !MustEscape(c) ? 1 : c <= '\u00FF' ? 3 : 6;

    private static int WriteHex(Span<char> into, char c, int digits)
    {
        for (var i = digits - 1; i >= 0; i--)
        {
            into[i] = "0123456789ABCDEF"[c & 0xF];
            c = (char)(c >> 4);
        }

        return digits;
    }

    // Forbidden in keys: / \ # ?, C0 and C1 controls. '%' is the escape itself and '|' the separator.
    // Lone surrogates are escaped too: they cannot be encoded as UTF-8 on the wire.
    private static bool MustEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' or Separator
        || c <= '\u001F'
        || c is >= '\u007F' and <= '\u009F'
        || char.IsSurrogate(c);
}
