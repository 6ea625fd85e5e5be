using OfferLab.Storage.AzureTable.Tests.Support;
using Orleans;
using Orleans.Runtime;

namespace OfferLab.Storage.AzureTable.Tests.Contract;

/// <summary>Grain ids and state names that break naive keys, written to and read from a real Azurite.</summary>
public class AwkwardKeyTests : IAsyncLifetime
{
    /// <summary>The layout under test: 0 is one partition per grain; subclasses run the same tests bucketed.</summary>
    protected virtual int Buckets => 0;

    /// <summary>With buckets: whether records share pack entities.</summary>
    protected virtual bool PackRecords => false;

    private readonly string _table = TestStorage.UniqueTable("keys");
    private AzureTableGrainStorage _storage = null!;

    public static TheoryData<string, string> AwkwardIds() => new()
    {
        { "slashes/back\\slash#hash?query", "state/with#odd?chars" },
        { "percent%25%2F|pipe", "%H" },
        { "controls\t\n\r\u0001\u001f\u007f\u0085\u009f", "tab\tname" },
        { "Grüße-日本語-Ελληνικά-🎉", "état-状態" },
        { new string('g', 1500), "long-grain" },
        { "long-state", new string('s', 1500) },
        { string.Concat(Enumerable.Repeat("日/🎉%", 300)), string.Concat(Enumerable.Repeat("?é", 700)) },
    };

    public async Task InitializeAsync() => _storage = await TestStorage.CreateAsync(_table, buckets: Buckets, packRecords: PackRecords);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(AwkwardIds))]
    public async Task Awkward_grain_ids_and_state_names_round_trip(string key, string stateName)
    {
        var grain = GrainId.Create("awkward", key + Guid.NewGuid().ToString("N"));
        var written = new TestGrainState<Basket>(new Basket { Owner = key, Items = [stateName] });

        await _storage.WriteStateAsync(stateName, grain, written);
        var read = new TestGrainState<Basket>();
        await _storage.ReadStateAsync(stateName, grain, read);
        written.State.Version = 2;
        await _storage.WriteStateAsync(stateName, grain, written);
        await _storage.ClearStateAsync(stateName, grain, written);

        Assert.True(read.RecordExists);
        Assert.Equal(key, read.State.Owner);
        Assert.Equal([stateName], read.State.Items);
        Assert.False(written.RecordExists);
    }

    [Fact]
    public async Task Ids_that_differ_only_past_the_hashed_prefix_do_not_share_a_record()
    {
        var prefix = new string('p', 2000) + Guid.NewGuid().ToString("N");
        var first = GrainId.Create("awkward", prefix + "1");
        var second = GrainId.Create("awkward", prefix + "2");

        await _storage.WriteStateAsync("s", first, new TestGrainState<Basket>(new Basket { Owner = "first" }));
        await _storage.WriteStateAsync("s", second, new TestGrainState<Basket>(new Basket { Owner = "second" }));

        var readFirst = new TestGrainState<Basket>();
        var readSecond = new TestGrainState<Basket>();
        await _storage.ReadStateAsync("s", first, readFirst);
        await _storage.ReadStateAsync("s", second, readSecond);
        Assert.Equal("first", readFirst.State.Owner);
        Assert.Equal("second", readSecond.State.Owner);
    }

    [Fact]
    public async Task Grain_types_and_service_ids_keep_records_apart()
    {
        var key = Guid.NewGuid().ToString("N");
        var otherService = new AzureTableGrainStorage(
            "other",
            new AzureTableStorageOptions { ConnectionString = (await OfferLab.Testing.Azurite.SharedAsync()).ConnectionString, TableName = _table },
            "another-service",
            Microsoft.Extensions.Logging.Abstractions.NullLogger<AzureTableGrainStorage>.Instance);
        await _storage.WriteStateAsync("s", GrainId.Create("cart", key), new TestGrainState<Basket>(new Basket { Owner = "cart" }));

        var otherType = new TestGrainState<Basket>();
        var otherServiceRead = new TestGrainState<Basket>();
        await _storage.ReadStateAsync("s", GrainId.Create("wishlist", key), otherType);
        await otherService.ReadStateAsync("s", GrainId.Create("cart", key), otherServiceRead);

        Assert.False(otherType.RecordExists);
        Assert.False(otherServiceRead.RecordExists);
    }
}
