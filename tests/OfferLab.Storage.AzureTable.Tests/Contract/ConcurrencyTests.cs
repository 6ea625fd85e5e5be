using OfferLab.Storage.AzureTable.Tests.Support;
using Orleans;
using Orleans.Storage;

namespace OfferLab.Storage.AzureTable.Tests.Contract;

/// <summary>Optimistic concurrency under real contention, and many grains at once.</summary>
public class ConcurrencyTests : IAsyncLifetime
{
    /// <summary>The layout under test: 0 is one partition per grain; subclasses run the same tests bucketed.</summary>
    protected virtual int Buckets => 0;

    /// <summary>With buckets: whether records share pack entities.</summary>
    protected virtual bool PackRecords => false;

    private readonly string _table = TestStorage.UniqueTable("concurrent");
    private AzureTableGrainStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await TestStorage.CreateAsync(_table, buckets: Buckets, packRecords: PackRecords);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Of_concurrent_writers_holding_one_etag_exactly_one_wins()
    {
        const int Writers = 16;
        var grain = TestStorage.NewGrain();
        var seed = new TestGrainState<Basket>(new Basket { Version = 0 });
        await _storage.WriteStateAsync("basket", grain, seed);
        for (var round = 1; round <= 3; round++)
        {
            var current = new TestGrainState<Basket>();
            await _storage.ReadStateAsync("basket", grain, current);
            var writers = Enumerable.Range(0, Writers)
                .Select(w => new TestGrainState<Basket>(new Basket { Owner = $"writer-{w}", Version = round }, current.ETag))
                .ToList();
            // One gate releases every writer at once, so the requests really race.
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racing = writers.Select(w => Task.Run(async () =>
            {
                await start.Task;
                try
                {
                    await _storage.WriteStateAsync("basket", grain, w);
                    return w.State.Owner;
                }
                catch (InconsistentStateException)
                {
                    return null;
                }
            })).ToList();
            start.SetResult();
            var outcomes = await Task.WhenAll(racing);

            var winner = Assert.Single(outcomes, o => o is not null);
            var stored = new TestGrainState<Basket>();
            await _storage.ReadStateAsync("basket", grain, stored);
            Assert.Equal(winner, stored.State.Owner);
            Assert.Equal(round, stored.State.Version);
        }
    }

    [Fact]
    public async Task A_hundred_grains_written_and_read_in_parallel_each_keep_their_own_state()
    {
        var grains = Enumerable.Range(0, 100).Select(_ => TestStorage.NewGrain("parallel")).ToList();

        await Task.WhenAll(grains.Select((g, i) =>
            _storage.WriteStateAsync("basket", g, new TestGrainState<Basket>(new Basket { Owner = g.ToString(), Version = i }))));
        var reads = await Task.WhenAll(grains.Select(async g =>
        {
            var state = new TestGrainState<Basket>();
            await _storage.ReadStateAsync("basket", g, state);
            return state;
        }));

        for (var i = 0; i < grains.Count; i++)
        {
            Assert.True(reads[i].RecordExists);
            Assert.Equal(grains[i].ToString(), reads[i].State.Owner);
            Assert.Equal(i, reads[i].State.Version);
        }
    }
}
