using System.Text.Json;
using System.Text.Json.Serialization;
using OfferLab.Storage.AzureTable.Entities;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>
/// A <see cref="JournalPosition"/> as JSON, <c>{"Segment":…,"Sequence":…}</c>: the form System.Text.Json's own converter
/// gave it, without boxing the value to read its properties (a checkpoint writes one for every customer it touched).
/// Reading accepts what that converter accepted, names in any case.
/// </summary>
internal sealed class JournalPositionConverter : JsonConverter<JournalPosition>
{
    private static readonly JsonEncodedText Segment = JsonEncodedText.Encode(nameof(JournalPosition.Segment));
    private static readonly JsonEncodedText Sequence = JsonEncodedText.Encode(nameof(JournalPosition.Sequence));

    public override JournalPosition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonObjectReader.Start(ref reader, "journal position");
        string? segment = null;
        long sequence = 0;
        while (JsonObjectReader.Next(ref reader, out var name))
        {
            if (JsonObjectReader.Is(name, Segment))
            {
                segment = reader.GetString();
            }
            else if (JsonObjectReader.Is(name, Sequence))
            {
                sequence = reader.GetInt64();
            }
            else
            {
                reader.Skip();
            }
        }

        return new JournalPosition(segment!, sequence);
    }

    public override void Write(Utf8JsonWriter writer, JournalPosition value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(Segment, value.Segment);
        writer.WriteNumber(Sequence, value.Sequence);
        writer.WriteEndObject();
    }
}
