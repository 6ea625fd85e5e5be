using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OfferLab.Storage.AzureTable.Entities;

namespace OfferLab.Storage.AzureTable.Tests.Entities;

/// <summary>The serializer a packed write uses keeps its writer per thread: every state must still come out whole and alone.</summary>
public sealed class JsonPayloadTests
{
    private static readonly JsonSerializerOptions Plain = new(JsonSerializerDefaults.General);
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.General) { WriteIndented = true };

    [Fact]
    public void States_serialized_one_after_another_come_out_as_the_serializer_writes_each()
    {
        var values = new object[] { new Sample("a", 1), new Sample("ü \"quoted\" </script>", -2), new Sample(new string('x', 5_000), 3) };
        foreach (var value in values.Concat(values))
        {
            Assert.Equal(JsonSerializer.Serialize(value, Plain), Text(value, Plain));
        }
    }

    [Fact]
    public void A_writer_is_not_reused_with_other_options()
    {
        var value = new Sample("a", 1);
        Assert.Equal(JsonSerializer.Serialize(value, Plain), Text(value, Plain));
        Assert.Equal(JsonSerializer.Serialize(value, Indented), Text(value, Indented));
        Assert.Equal(JsonSerializer.Serialize(value, Plain), Text(value, Plain));
    }

    [Fact]
    public void A_serialization_that_throws_midway_leaves_the_next_one_whole()
    {
        Assert.Throws<InvalidOperationException>(() => Text(new Throwing(), Plain));
        var value = new Sample("after", 7);
        Assert.Equal(JsonSerializer.Serialize(value, Plain), Text(value, Plain));
    }

    private static string Text<T>(T value, JsonSerializerOptions options) =>
        JsonPayload.Serialize(value, options, 0, static (_, json) => Encoding.UTF8.GetString(json));

    private sealed record Sample(string Name, int Count);

    private sealed class Throwing
    {
        private readonly string _first = "written";

        public string First => _first;

        [JsonPropertyOrder(1)]
        public string Second => _first.Length > 0 ? throw new InvalidOperationException("halfway") : _first;
    }
}
