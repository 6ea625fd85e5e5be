using OfferLab.Grains.Customers;
using OfferLab.Storage.AzureTable.Packs;

namespace OfferLab.Grains.Tests.CustomerGrains;

/// <summary>A customer's slot holds a pack's ETag as its number and gives every ETag back exactly as it was set.</summary>
public sealed class CustomerSlotTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("p0")]
    [InlineData("p42")]
    [InlineData("p9223372036854775807")]
    [InlineData("p42.3")]
    [InlineData("p042")]
    [InlineData("W/\"datetime'2026-12-02T10%3A00%3A00.0000000Z'\"")]
    public void An_etag_set_is_the_etag_read(string? etag)
    {
        var slot = new CustomerSlot("c-1") { ETag = etag };

        Assert.Equal(etag, slot.ETag);
    }

    [Fact]
    public void Setting_another_etag_replaces_the_one_held_in_either_form()
    {
        var slot = new CustomerSlot("c-1") { ETag = PackETag.Format(5) };
        slot.ETag = "W/\"x\"";
        Assert.Equal("W/\"x\"", slot.ETag);
        slot.ETag = PackETag.Format(6);
        Assert.Equal("p6", slot.ETag);
        slot.ETag = null;
        Assert.Null(slot.ETag);
    }
}
