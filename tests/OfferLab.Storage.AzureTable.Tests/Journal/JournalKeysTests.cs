using System.Text.Json;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Storage.AzureTable.Tests.Journal;

public sealed class JournalKeysTests
{
    [Fact]
    public void Segment_names_sort_by_time_and_give_back_their_ticks()
    {
        var early = JournalKeys.SegmentName("silo a", 638_000_000_000_000_000, 0xffff);
        var late = JournalKeys.SegmentName("silo a", 638_000_000_000_000_001, 0x0000);

        Assert.True(string.CompareOrdinal(early, late) < 0);
        Assert.Equal(638_000_000_000_000_001, JournalKeys.TicksOf(late));
        Assert.Null(JournalKeys.TicksOf("not-a-segment"));
        Assert.DoesNotContain('|', JournalKeys.SegmentName("a|b", 1, 1));
    }

    [Theory]
    [InlineData("{\"plain\":\"ascii text\"}")]
    [InlineData("\"東京 Grüße 🎉 <tag> & 'quote' + \\\" \\\\\"")]
    [InlineData("\u0000\u0001\u001f controls")]
    public void The_size_estimate_is_never_below_the_escaped_json_size(string payload)
    {
        var entry = new JournalEntry("stream/\u0001/東", payload);
        var json = JsonSerializer.SerializeToUtf8Bytes(new { StreamId = JournalKeys.StoredStreamId(entry.StreamId), entry.Payload });

        Assert.True(JournalKeys.EstimatedBytes(entry) >= json.Length);
    }
}
