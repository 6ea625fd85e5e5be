using System.Buffers;
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
            var writer = TakeWriter(buffer, options);
            JsonSerializer.Serialize(writer, value, options);
            writer.Flush();
            // Given back only after a serialization that finished: one that threw may have left the writer mid-object.
            GiveWriter(writer, options);
            return build(argument, buffer.WrittenSpan);
        }
        finally
        {
            ThreadBuffer.Give(buffer);
        }
    }

    // A writer kept per thread with the options it was made for, as the buffer is: a checkpoint serializes thousands of
    // states, and a writer each was about a hundred bytes of garbage per customer written (an allocation trace).
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static JsonSerializerOptions? t_writerOptions;

    private static Utf8JsonWriter TakeWriter(ArrayBufferWriter<byte> buffer, JsonSerializerOptions options)
    {
        var writer = t_writer;
        t_writer = null;
        if (writer is null || !ReferenceEquals(t_writerOptions, options))
        {
            return new Utf8JsonWriter(buffer, WriterOptions(options));
        }

        writer.Reset(buffer);
        return writer;
    }

    private static void GiveWriter(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        t_writer = writer;
        t_writerOptions = options;
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
