using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OfferLab.Storage.AzureTable.Entities;

namespace OfferLab.Grains.Customers;

/// <summary>
/// Writes and reads the values a customer's maps hold (<see cref="StickyAssignment"/>, <see cref="DailyCount"/>) in the
/// form System.Text.Json's own converter gave them (property names as declared, in declaration order), without what
/// that converter costs a value type: it boxes the value to read its properties, and the token id was spelled out as a
/// string to be written. A checkpoint writes every customer it touched (an allocation trace put about 200 bytes of
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
        JsonObjectReader.Start(ref reader, "sticky assignment");
        while (JsonObjectReader.Next(ref reader, out var name))
        {
            if (JsonObjectReader.Is(name, CustomerValueJson.Variant))
            {
                variant = reader.GetString();
            }
            else if (JsonObjectReader.Is(name, CustomerValueJson.Version))
            {
                version = reader.GetInt32();
            }
            else if (JsonObjectReader.Is(name, CustomerValueJson.Period))
            {
                period = reader.GetInt64();
            }
            else if (JsonObjectReader.Is(name, CustomerValueJson.IssuedAt))
            {
                issuedAt = reader.GetDateTimeOffset();
            }
            else if (JsonObjectReader.Is(name, CustomerValueJson.TokenId))
            {
                tokenId = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

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
        JsonObjectReader.Start(ref reader, "daily count");
        while (JsonObjectReader.Next(ref reader, out var name))
        {
            if (JsonObjectReader.Is(name, CustomerValueJson.Day))
            {
                day = DateOnly.TryParseExact(reader.GetString(), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                    ? parsed
                    : throw new JsonException($"A daily count's Day is {DayFormat}.");
            }
            else if (JsonObjectReader.Is(name, CustomerValueJson.Count))
            {
                count = reader.GetInt32();
            }
            else
            {
                reader.Skip();
            }
        }

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
