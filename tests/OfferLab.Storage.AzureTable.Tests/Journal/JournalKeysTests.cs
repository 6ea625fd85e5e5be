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
    [InlineData("OfferLabJournal")]
    [InlineData("abc")]
    [InlineData("A123456789012345678901234567890123456789012345678901234567890bc")]
    public void A_segment_table_name_is_a_valid_table_name_unique_to_the_journal_and_the_segment(string tableName)
    {
        var name = JournalKeys.SegmentTableName(tableName, "silo/1 \u00e9#?", long.MaxValue, 0xffff);

        Assert.True(OfferLab.Storage.AzureTable.TableSettings.IsValidTableName(name), name);
        Assert.StartsWith(tableName[..Math.Min(20, tableName.Length)], name, StringComparison.Ordinal);
        Assert.NotEqual(name, JournalKeys.SegmentTableName(tableName, "silo/2 \u00e9#?", long.MaxValue, 0xffff));
        Assert.NotEqual(name, JournalKeys.SegmentTableName(tableName, "silo/1 \u00e9#?", long.MaxValue - 1, 0xffff));
        Assert.NotEqual(name, JournalKeys.SegmentTableName(tableName, "silo/1 \u00e9#?", long.MaxValue, 0xfffe));
        Assert.Equal(name, JournalKeys.SegmentTableName(tableName, "silo/1 \u00e9#?", long.MaxValue, 0xffff));
    }

    [Fact]
    public void Positions_are_ordered_within_one_journal_and_never_across_two()
    {
        var early = JournalKeys.SegmentName("node-1", 638_000_000_000_000_000, 0xffff);
        var late = JournalKeys.SegmentName("node-1", 638_000_000_000_000_001, 0x0000);
        var other = JournalKeys.SegmentName("node-2", 638_000_000_000_000_002, 0x0000);

        Assert.Equal(new JournalPosition(late, 0).Journal, new JournalPosition(early, 9).Journal);
        Assert.True(new JournalPosition(late, 0).Follows(new JournalPosition(early, 9)));
        Assert.True(new JournalPosition(early, 10).Follows(new JournalPosition(early, 9)));
        Assert.False(new JournalPosition(early, 9).Follows(new JournalPosition(early, 9)));
        Assert.False(new JournalPosition(early, 9).Follows(new JournalPosition(late, 0)));
        Assert.False(new JournalPosition(other, 0).Follows(new JournalPosition(early, 0)));
        Assert.False(new JournalPosition(early, 0).Follows(new JournalPosition(other, 0)));
        Assert.Equal("segment-b", new JournalPosition("segment-b", 3).Journal);
    }

    [Theory]
    [InlineData("{\"plain\":\"ascii text\"}")]
    [InlineData("\"東京 Grüße 🎉 <tag> & 'quote' + \\\" \\\\\"")]
    [InlineData("\u0000\u0001\u001f controls")]
    [InlineData("lone \ud800 surrogate")]
    public void The_size_estimate_is_never_below_the_packed_entry_in_base64(string payload)
    {
        var entry = new JournalEntry("stream/\u0001/東", payload);
        var pack = JournalPacks.Pack("segment", 0, [entry]).Single();
        var encoded = pack.Keys.Where(k => k.StartsWith('E') && k != "Entries").Sum(k => pack.GetBinary(k)!.Length);

        Assert.True(JournalPacks.MaxEncodedBytes(entry) >= encoded);
        Assert.True(JournalKeys.EstimatedBytes(entry) >= Convert.ToBase64String(new byte[encoded]).Length + 64);
    }
}
