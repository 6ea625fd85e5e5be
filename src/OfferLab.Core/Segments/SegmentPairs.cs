using System.Globalization;
using System.Text;
using OfferLab.Core.Eligibility;

namespace OfferLab.Core.Segments;

/// <summary>
/// The attributes an assign request sent, as the segments its exposure and outcomes count in: one canonical string
/// <c>attr=value&amp;attr=value</c> (sorted by attribute, <c>%</c>, <c>&amp;</c> and <c>=</c> escaped as %XX) that
/// travels in the token, so outcomes are attributed to segments without a lookup. Bounded: at most
/// <see cref="MaxAttributes"/> attributes (the first in ordinal order), names and values of at most
/// <see cref="MaxLength"/> characters (longer ones are left out), numbers in invariant round-trip form.
/// </summary>
public static class SegmentPairs
{
    public const int MaxAttributes = 8;
    public const int MaxLength = 64;

    /// <summary>The canonical string of <paramref name="attributes"/>; empty when there is nothing to segment by.</summary>
    public static string Encode(IReadOnlyDictionary<string, AttributeValue> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Count == 0)
        {
            return "";
        }

        // Runs on every assign request: one list and one builder, no LINQ pipeline.
        var pairs = new List<(string Name, string Text)>(attributes.Count);
        foreach (var (name, value) in attributes)
        {
            if (name.Length is > 0 and <= MaxLength && Text(value) is { Length: > 0 and <= MaxLength } text)
            {
                pairs.Add((name, text));
            }
        }

        pairs.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var encoded = new StringBuilder();
        for (var i = 0; i < pairs.Count && i < MaxAttributes; i++)
        {
            if (i > 0)
            {
                encoded.Append('&');
            }

            AppendEscaped(encoded, pairs[i].Name).Append('=');
            AppendEscaped(encoded, pairs[i].Text);
        }

        return encoded.ToString();
    }

    /// <summary>One pair in canonical form, as segment counts are keyed.</summary>
    public static string Pair(string attribute, string value) => Escape(attribute) + "=" + Escape(value);

    /// <summary>The (attribute, value) pairs of a canonical string; empty for an empty or malformed one.</summary>
    public static IReadOnlyList<(string Attribute, string Value)> Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return [];
        }

        var pairs = new List<(string, string)>();
        foreach (var part in encoded.Split('&'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || Unescape(part[..equals]) is not { } name || Unescape(part[(equals + 1)..]) is not { } value)
            {
                return [];
            }

            pairs.Add((name, value));
        }

        return pairs;
    }

    private static string? Text(AttributeValue value) => value.Kind switch
    {
        AttributeKind.Text => value.AsText,
        AttributeKind.Number => value.AsNumber!.Value.ToString("R", CultureInfo.InvariantCulture),
        AttributeKind.Boolean => value.AsBoolean!.Value ? "true" : "false",
        _ => null,
    };

    private static string Escape(string text) => AppendEscaped(new StringBuilder(text.Length), text).ToString();

    private static StringBuilder AppendEscaped(StringBuilder escaped, string text)
    {
        foreach (var c in text)
        {
            if (c is '%' or '&' or '=')
            {
                escaped.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped;
    }

    private static string? Unescape(string text)
    {
        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                plain.Append(text[i]);
                continue;
            }

            if (i + 2 >= text.Length || !int.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                return null;
            }

            plain.Append((char)code);
            i += 2;
        }

        return plain.ToString();
    }
}
