using System.Runtime.InteropServices;
using System.Text.Json;

namespace OfferLab.Server.Http;

/// <summary>
/// A check that every string and property name of a parsed JSON document can be read. The parser accepts any
/// <c>\uXXXX</c> escape, but reading a string whose escapes spell half of a UTF-16 surrogate pair (<c>"\ud800"</c>)
/// throws <see cref="InvalidOperationException"/>: a request holding one must be refused as malformed (400) before any
/// of its strings is read, not fail on the first read (500).
/// </summary>
internal static class JsonStrings
{
    /// <summary>Whether every string value and property name in <paramref name="element"/> reads as well-formed UTF-16.</summary>
    /// <remarks>Recursive: the document's depth is bounded by the parser's <c>MaxDepth</c>.</remarks>
    public static bool AreReadable(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsReadable(JsonMarshal.GetRawUtf8Value(element), element, static e => e.GetString());
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsReadable(JsonMarshal.GetRawUtf8PropertyName(property), property, static p => p.Name) || !AreReadable(property.Value))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!AreReadable(item))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>Reads the text only when its raw form holds a <c>\u</c> escape, the one way to spell a lone surrogate.</summary>
    private static bool IsReadable<T>(ReadOnlySpan<byte> raw, T source, Func<T, string?> read)
    {
        if (raw.IndexOf("\\u"u8) < 0)
        {
            return true;
        }

        try
        {
            read(source);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
