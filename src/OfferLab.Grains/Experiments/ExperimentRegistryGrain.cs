using Orleans.Runtime;
using System.Collections.Immutable;
using OfferLab.Abstractions.Experiments;

namespace OfferLab.Grains.Experiments;

/// <summary>The set of declared experiment ids, for listing.</summary>
public sealed class ExperimentRegistryGrain(
    [PersistentState("registry", GrainStorage.Name)] IPersistentState<ExperimentRegistryState> state) : Grain, IExperimentRegistryGrain
{
    public async Task AddAsync(string experimentId)
    {
        if (state.State.Ids.Add(experimentId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<string>> GetAllAsync() => Task.FromResult(state.State.Ids.ToImmutableArray());
}
