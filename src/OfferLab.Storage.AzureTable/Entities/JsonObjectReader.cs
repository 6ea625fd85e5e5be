using System.Text.Json;

namespace OfferLab.Storage.AzureTable.Entities;

/// <summary>
/// The reading side of the hand-written converters of stored values (journal positions here, a customer's sticky
/// assignments and daily counts in the grains): an object's properties in turn, names compared in any case, as
/// System.Text.Json's own converter read them.
/// </summary>
public static class JsonObjectReader
{
    /// <summary>Checks that the reader is at the start of an object (a <paramref name="type"/>).</summary>
    public static void Start(ref Utf8JsonReader reader, string type)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A {type} is a JSON object, not {reader.TokenType}.");
        }
    }

    /// <summary>Moves to the object's next property and onto its value; false at the object's end.</summary>
    public static bool Next(ref Utf8JsonReader reader, out string name)
    {
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndObject)
        {
            name = "";
            return false;
        }

        name = reader.GetString()!;
        reader.Read();
        return true;
    }

    /// <summary>Whether a property's name is <paramref name="expected"/>, in any case.</summary>
    public static bool Is(string name, JsonEncodedText expected) => string.Equals(name, expected.Value, StringComparison.OrdinalIgnoreCase);
}
