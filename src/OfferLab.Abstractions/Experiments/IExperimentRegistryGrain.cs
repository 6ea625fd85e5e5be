using System.Collections.Immutable;

namespace OfferLab.Abstractions.Experiments;

/// <summary>The ids of every declared experiment (a single grain, key 0). Off the request path: listing only.</summary>
public interface IExperimentRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds an id; idempotent.</summary>
    Task AddAsync(string experimentId);

    Task<ImmutableArray<string>> GetAllAsync();
}
