namespace OfferLab.Storage.AzureTable.Tests.Support;

/// <summary>A small grain state with a collection, to see that JSON round-trips more than scalars.</summary>
public sealed class Basket
{
    public string Owner { get; set; } = "";

    public int Version { get; set; }

    public List<string> Items { get; set; } = [];
}
