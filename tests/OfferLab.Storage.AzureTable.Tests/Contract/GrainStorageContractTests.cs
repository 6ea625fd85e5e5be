using OfferLab.Storage.AzureTable.Tests.Support;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace OfferLab.Storage.AzureTable.Tests.Contract;

/// <summary>The Orleans grain storage contract, against a real Azurite, in both clear modes.</summary>
public class GrainStorageContractTests : IAsyncLifetime
{
    /// <summary>The layout under test: 0 is one partition per grain; subclasses run the same tests bucketed.</summary>
    protected virtual int Buckets => 0;

    /// <summary>With buckets: whether records share pack entities.</summary>
    protected virtual bool PackRecords => false;

    private readonly string _table = TestStorage.UniqueTable("contract");
    private AzureTableGrainStorage _tombstoning = null!;
    private AzureTableGrainStorage _deleting = null!;

    public async Task InitializeAsync()
    {
        _tombstoning = await TestStorage.CreateAsync(_table, buckets: Buckets, packRecords: PackRecords);
        _deleting = await TestStorage.CreateAsync(_table, deleteStateOnClear: true, buckets: Buckets, packRecords: PackRecords);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Reading_a_missing_record_gives_a_new_state_without_etag()
    {
        var state = new TestGrainState<Basket>();

        await _tombstoning.ReadStateAsync("basket", TestStorage.NewGrain(), state);

        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Version);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task A_write_without_etag_inserts_and_reads_back_with_the_same_etag()
    {
        var grain = TestStorage.NewGrain();
        var written = new TestGrainState<Basket>(new Basket { Owner = "c-1", Version = 1, Items = ["fries", "cola"] });

        await _tombstoning.WriteStateAsync("basket", grain, written);
        var read = await ReadAsync(_tombstoning, grain);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("c-1", read.State.Owner);
        Assert.Equal(["fries", "cola"], read.State.Items);
    }

    [Fact]
    public async Task Every_write_gives_a_new_etag()
    {
        var grain = TestStorage.NewGrain();
        var state = new TestGrainState<Basket>(new Basket());
        var etags = new List<string>();
        for (var version = 1; version <= 5; version++)
        {
            state.State.Version = version;
            await _tombstoning.WriteStateAsync("basket", grain, state);
            etags.Add(state.ETag!);
        }

        Assert.Equal(5, etags.Distinct().Count());
        Assert.Equal(5, (await ReadAsync(_tombstoning, grain)).State.Version);
    }

    [Fact]
    public async Task A_second_insert_of_the_same_record_is_inconsistent_and_changes_nothing()
    {
        var grain = TestStorage.NewGrain();
        await _tombstoning.WriteStateAsync("basket", grain, new TestGrainState<Basket>(new Basket { Version = 1 }));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _tombstoning.WriteStateAsync("basket", grain, new TestGrainState<Basket>(new Basket { Version = 2 })));

        Assert.Equal(1, (await ReadAsync(_tombstoning, grain)).State.Version);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_inconsistent_and_changes_nothing()
    {
        var grain = TestStorage.NewGrain();
        var first = new TestGrainState<Basket>(new Basket { Version = 1 });
        await _tombstoning.WriteStateAsync("basket", grain, first);
        var stale = new TestGrainState<Basket>(new Basket { Version = 99 }, first.ETag);
        first.State.Version = 2;
        await _tombstoning.WriteStateAsync("basket", grain, first);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _tombstoning.WriteStateAsync("basket", grain, stale));

        Assert.Contains(grain.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await ReadAsync(_tombstoning, grain)).State.Version);
    }

    [Fact]
    public async Task A_write_with_an_etag_for_a_record_that_is_gone_is_inconsistent()
    {
        var grain = TestStorage.NewGrain();
        var holder = new TestGrainState<Basket>(new Basket { Version = 1 });
        await _deleting.WriteStateAsync("basket", grain, holder);
        var stale = new TestGrainState<Basket>(new Basket { Version = 5 }, holder.ETag);
        await _deleting.ClearStateAsync("basket", grain, holder);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _deleting.WriteStateAsync("basket", grain, stale));

        Assert.False((await ReadAsync(_deleting, grain)).RecordExists);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Clear_empties_the_state_and_is_idempotent(bool deleteStateOnClear)
    {
        var storage = deleteStateOnClear ? _deleting : _tombstoning;
        var grain = TestStorage.NewGrain();
        var state = new TestGrainState<Basket>(new Basket { Version = 3, Items = ["x"] });
        await storage.WriteStateAsync("basket", grain, state);

        await storage.ClearStateAsync("basket", grain, state);
        var afterFirst = state.ETag;
        await storage.ClearStateAsync("basket", grain, state);
        var read = await ReadAsync(storage, grain);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Version);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State.Version);
        Assert.Empty(read.State.Items);
        Assert.Equal(state.ETag, read.ETag);
        if (deleteStateOnClear)
        {
            Assert.Null(afterFirst);
            Assert.Null(read.ETag);
        }
        else
        {
            Assert.NotNull(afterFirst);
            Assert.NotEqual(afterFirst, state.ETag);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Clear_with_a_stale_etag_is_inconsistent_and_keeps_the_stored_state(bool deleteStateOnClear)
    {
        var storage = deleteStateOnClear ? _deleting : _tombstoning;
        var grain = TestStorage.NewGrain();
        var current = new TestGrainState<Basket>(new Basket { Version = 1 });
        await storage.WriteStateAsync("basket", grain, current);
        var stale = new TestGrainState<Basket>(new Basket(), current.ETag);
        current.State.Version = 2;
        await storage.WriteStateAsync("basket", grain, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("basket", grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("basket", grain, new TestGrainState<Basket>()));

        Assert.Equal(2, (await ReadAsync(storage, grain)).State.Version);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Clearing_a_record_that_never_existed_succeeds(bool deleteStateOnClear)
    {
        var storage = deleteStateOnClear ? _deleting : _tombstoning;
        var state = new TestGrainState<Basket>();

        await storage.ClearStateAsync("basket", TestStorage.NewGrain(), state);
        await storage.ClearStateAsync("basket", TestStorage.NewGrain(), new TestGrainState<Basket>());

        Assert.False(state.RecordExists);
        Assert.NotNull(state.State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_a_clear_the_same_state_object_can_write_again(bool deleteStateOnClear)
    {
        var storage = deleteStateOnClear ? _deleting : _tombstoning;
        var grain = TestStorage.NewGrain();
        var state = new TestGrainState<Basket>(new Basket { Version = 1 });
        await storage.WriteStateAsync("basket", grain, state);
        await storage.ClearStateAsync("basket", grain, state);

        state.State.Version = 7;
        await storage.WriteStateAsync("basket", grain, state);

        var read = await ReadAsync(storage, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(7, read.State.Version);
    }

    [Fact]
    public async Task Different_state_names_of_one_grain_are_separate_records()
    {
        var grain = TestStorage.NewGrain();
        await _tombstoning.WriteStateAsync("basket", grain, new TestGrainState<Basket>(new Basket { Version = 1 }));
        await _tombstoning.WriteStateAsync("wishlist", grain, new TestGrainState<Basket>(new Basket { Version = 2 }));
        await _tombstoning.ClearStateAsync("basket", grain, await ReadAsync(_tombstoning, grain, "basket"));

        Assert.False((await ReadAsync(_tombstoning, grain, "basket")).RecordExists);
        Assert.Equal(2, (await ReadAsync(_tombstoning, grain, "wishlist")).State.Version);
        Assert.False((await ReadAsync(_tombstoning, TestStorage.NewGrain(), "wishlist")).RecordExists);
    }

    private static async Task<TestGrainState<Basket>> ReadAsync(AzureTableGrainStorage storage, GrainId grain, string stateName = "basket")
    {
        var state = new TestGrainState<Basket>();
        await storage.ReadStateAsync(stateName, grain, state);
        return state;
    }
}
