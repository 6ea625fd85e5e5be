using System.Text.Json;

namespace OfferLab.Storage.AzureTable.Entities;

/// <summary>
/// Serializes a state into the thread's buffer (<see cref="ThreadBuffer"/>), for a caller that copies the bytes into what
/// it stores (a pack record's blob): a checkpoint serializes thousands of states, and each would otherwise leave an
/// array behind.
/// </summary>
internal static class JsonPayload
{
    /// <summary>Builds from the serialized bytes, which are valid only during the call.</summary>
    public delegate TResult Builder<in TArgument, TResult>(TArgument argument, ReadOnlySpan<byte> json);

    /// <summary>
    /// Serializes <paramref name="value"/> and builds from its bytes; <paramref name="argument"/> is handed to
    /// <paramref name="build"/>, so a static lambda can take what it needs without a closure allocated per call.
    /// </summary>
    public static TResult Serialize<T, TArgument, TResult>(T value, JsonSerializerOptions options, TArgument argument, Builder<TArgument, TResult> build)
    {
        var buffer = ThreadBuffer.Take();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions(options)))
            {
                JsonSerializer.Serialize(writer, value, options);
            }

            return build(argument, buffer.WrittenSpan);
        }
        finally
        {
            ThreadBuffer.Give(buffer);
        }
    }

    private static JsonWriterOptions WriterOptions(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        IndentCharacter = options.IndentCharacter,
        IndentSize = options.IndentSize,
        NewLine = options.NewLine,
        MaxDepth = options.MaxDepth,
    };
}
