using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OfferLab.Grains.Customers;

/// <summary>
/// Writes and reads the values a customer's maps hold (<see cref="StickyAssignment"/>, <see cref="DailyCount"/>) in the
/// form System.Text.Json's own converter gave them (property names as declared, in declaration order), without what
/// that converter costs a value type: it boxes the value to read its properties, and the token id was spelled out as a
/// string to be written. A checkpoint writes every customer it touched (an allocation trace put about 150 bytes of
/// boxes and token strings a customer written). Reading accepts what that converter accepted, names in any case.
/// </summary>
internal static class CustomerValueJson
{
    public static readonly JsonEncodedText Variant = JsonEncodedText.Encode(nameof(StickyAssignment.Variant));
    public static readonly JsonEncodedText Version = JsonEncodedText.Encode(nameof(StickyAssignment.Version));
    public static readonly JsonEncodedText Period = JsonEncodedText.Encode(nameof(StickyAssignment.Period));
    public static readonly JsonEncodedText IssuedAt = JsonEncodedText.Encode(nameof(StickyAssignment.IssuedAt));
    public static readonly JsonEncodedText TokenId = JsonEncodedText.Encode(nameof(StickyAssignment.TokenId));
    public static readonly JsonEncodedText Day = JsonEncodedText.Encode(nameof(DailyCount.Day));
    public static readonly JsonEncodedText Count = JsonEncodedText.Encode(nameof(DailyCount.Count));

    /// <summary>Reads a JSON object's properties in turn: <paramref name="property"/> reads the value of each it knows, and says so.</summary>
    public static void ReadObject(ref Utf8JsonReader reader, string type, ReadProperty property)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A {type} is a JSON object, not {reader.TokenType}.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (!property(name, ref reader))
            {
                reader.Skip();
            }
        }
    }

    public delegate bool ReadProperty(string name, ref Utf8JsonReader reader);

    public static bool Is(string name, JsonEncodedText expected) => string.Equals(name, expected.Value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A <see cref="StickyAssignment"/> as JSON, see <see cref="CustomerValueJson"/>.</summary>
internal sealed class StickyAssignmentConverter : JsonConverter<StickyAssignment>
{
    public override StickyAssignment Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? variant = null, tokenId = null;
        int version = 0;
        long period = 0;
        DateTimeOffset issuedAt = default;
        CustomerValueJson.ReadObject(ref reader, "sticky assignment", (string name, ref Utf8JsonReader value) =>
        {
            if (CustomerValueJson.Is(name, CustomerValueJson.Variant))
            {
                variant = value.GetString();
            }
            else if (CustomerValueJson.Is(name, CustomerValueJson.Version))
            {
                version = value.GetInt32();
            }
            else if (CustomerValueJson.Is(name, CustomerValueJson.Period))
            {
                period = value.GetInt64();
            }
            else if (CustomerValueJson.Is(name, CustomerValueJson.IssuedAt))
            {
                issuedAt = value.GetDateTimeOffset();
            }
            else if (CustomerValueJson.Is(name, CustomerValueJson.TokenId))
            {
                tokenId = value.GetString();
            }
            else
            {
                return false;
            }

            return true;
        });

        return new StickyAssignment(variant!, version, period, issuedAt, tokenId ?? throw new JsonException("A sticky assignment without its TokenId."));
    }

    public override void Write(Utf8JsonWriter writer, StickyAssignment value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(CustomerValueJson.Variant, value.Variant);
        writer.WriteNumber(CustomerValueJson.Version, value.Version);
        writer.WriteNumber(CustomerValueJson.Period, value.Period);
        writer.WriteString(CustomerValueJson.IssuedAt, value.IssuedAt);
        value.WriteTokenId(writer, CustomerValueJson.TokenId);
        writer.WriteEndObject();
    }
}

/// <summary>A <see cref="DailyCount"/> as JSON (its day as <c>yyyy-MM-dd</c>), see <see cref="CustomerValueJson"/>.</summary>
internal sealed class DailyCountConverter : JsonConverter<DailyCount>
{
    private const string DayFormat = "yyyy-MM-dd";

    public override DailyCount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        DateOnly day = default;
        var count = 0;
        CustomerValueJson.ReadObject(ref reader, "daily count", (string name, ref Utf8JsonReader value) =>
        {
            if (CustomerValueJson.Is(name, CustomerValueJson.Day))
            {
                day = DateOnly.TryParseExact(value.GetString(), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                    ? parsed
                    : throw new JsonException($"A daily count's Day is {DayFormat}.");
            }
            else if (CustomerValueJson.Is(name, CustomerValueJson.Count))
            {
                count = value.GetInt32();
            }
            else
            {
                return false;
            }

            return true;
        });

        return new DailyCount(day, count);
    }

    public override void Write(Utf8JsonWriter writer, DailyCount value, JsonSerializerOptions options)
    {
        Span<char> day = stackalloc char[10];
        value.Day.TryFormat(day, out var written, DayFormat, CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        writer.WriteString(CustomerValueJson.Day, day[..written]);
        writer.WriteNumber(CustomerValueJson.Count, value.Count);
        writer.WriteEndObject();
    }
}
