namespace OfferLab.Grains;

/// <summary>The grain storage provider OfferLab's grains keep their state in (Azure Table storage in the server).</summary>
public static class GrainStorage
{
    public const string Name = "offerlab";

    /// <summary>Where customer grains keep their state: a bucketed layout, for many small states written in batches.</summary>
    public const string Customers = "customers";
}
