namespace OfferLab.Storage.AzureTable.Tests.Cluster;

public sealed class CounterState
{
    public int Count { get; set; }
}

public sealed class CounterGrain([PersistentState("counter", CounterGrain.StorageName)] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain
{
    public const string StorageName = "offerlab";

    private readonly Guid _activation = Guid.NewGuid();

    public async Task<int> IncrementAsync()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(counter.State.Count);

    public Task<Guid> ActivationAsync() => Task.FromResult(_activation);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
