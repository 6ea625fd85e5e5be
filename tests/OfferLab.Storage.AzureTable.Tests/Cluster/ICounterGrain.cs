namespace OfferLab.Storage.AzureTable.Tests.Cluster;

/// <summary>A grain whose whole state is one counter kept in the Azure Table provider.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    /// <summary>Identifies this activation, so a test can see that a new one took over.</summary>
    Task<Guid> ActivationAsync();

    /// <summary>Asks Orleans to deactivate this grain once the call returns.</summary>
    Task DeactivateAsync();
}
