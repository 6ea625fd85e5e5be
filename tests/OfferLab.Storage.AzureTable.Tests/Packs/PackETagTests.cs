using OfferLab.Storage.AzureTable.Packs;

namespace OfferLab.Storage.AzureTable.Tests.Packs;

/// <summary>A pack's ETag held as its number gives back exactly the text it was read from, and nothing else is taken for one.</summary>
public sealed class PackETagTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(1_234_567L)]
    [InlineData(long.MaxValue)]
    public void A_pack_etag_reads_back_as_its_number_and_formats_to_the_same_text(long sequence)
    {
        var etag = PackETag.Format(sequence);

        Assert.Equal("p" + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), etag);
        Assert.True(PackETag.TryParse(etag, out var parsed));
        Assert.Equal(sequence, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("p")]
    [InlineData("P12")]
    [InlineData("p012")]
    [InlineData("p00")]
    [InlineData("p-1")]
    [InlineData("p+1")]
    [InlineData("p 1")]
    [InlineData("p12.3")]
    [InlineData("p1٣")]
    [InlineData("p9223372036854775808")]
    [InlineData("p99999999999999999999")]
    [InlineData("W/\"datetime'2026-12-02T10%3A00%3A00.0000000Z'\"")]
    public void Any_other_etag_is_not_taken_for_a_pack_etag(string? etag)
    {
        // Older pack forms (p{sequence}.{index}), entities' ETags and text that would not format back the same stay text.
        Assert.False(PackETag.TryParse(etag, out _));
    }
}
