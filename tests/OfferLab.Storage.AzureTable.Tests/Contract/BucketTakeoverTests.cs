using OfferLab.Storage.AzureTable.Tests.Support;

namespace OfferLab.Storage.AzureTable.Tests.Contract;

/// <summary>
/// A bucket's grains taken over from another node (in a cluster, a customer shard that moves): the bucketed layouts
/// know a bucket's records from one listing, so what the other node wrote since is seen only once the bucket is
/// refreshed, in both the one-entity and the packed layout.
/// </summary>
public sealed class BucketTakeoverTests
{
    private readonly string _table = TestStorage.UniqueTable("takeover");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Records_another_node_wrote_to_a_bucket_are_read_once_the_bucket_is_refreshed(bool packRecords)
    {
        var here = await TestStorage.CreateAsync(_table, buckets: 2, packRecords: packRecords);
        var there = await TestStorage.CreateAsync(_table, buckets: 2, packRecords: packRecords);
        var grain = TestStorage.NewGrain();
        var bucket = here.BucketOf(grain);

        // Here lists the bucket (the grain is absent); then the other node stores the grain and later versions of it.
        var before = new TestGrainState<Basket>();
        await here.ReadStateAsync("basket", grain, before);
        Assert.False(before.RecordExists);
        var theirs = new TestGrainState<Basket>(new Basket { Owner = "there", Version = 1 });
        await there.WriteStateAsync("basket", grain, theirs);
        theirs.State.Version = 2;
        await there.WriteStateAsync("basket", grain, theirs);

        // Unrefreshed, this node's listing still says absent: the failure a moved shard would meet.
        var stale = new TestGrainState<Basket>();
        await here.ReadStateAsync("basket", grain, stale);
        Assert.False(stale.RecordExists);

        here.RefreshBucket(bucket);
        var read = new TestGrainState<Basket>();
        await here.ReadStateAsync("basket", grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(("there", 2, theirs.ETag), (read.State.Owner, read.State.Version, read.ETag));

        // And it writes on from there, its ETag accepted.
        read.State.Owner = "here";
        await here.WriteStateAsync("basket", grain, read);
        var check = new TestGrainState<Basket>();
        await (await TestStorage.CreateAsync(_table, buckets: 2, packRecords: packRecords)).ReadStateAsync("basket", grain, check);
        Assert.Equal(("here", read.ETag), (check.State.Owner, check.ETag));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_record_this_node_wrote_and_another_rewrote_is_read_in_its_new_version_once_refreshed(bool packRecords)
    {
        var here = await TestStorage.CreateAsync(_table, buckets: 2, packRecords: packRecords);
        var there = await TestStorage.CreateAsync(_table, buckets: 2, packRecords: packRecords);
        var grain = TestStorage.NewGrain();

        // Written here, then (the shard moved) rewritten there; packed, the other node's compaction may drop the pack
        // this node's index points at, and without a refresh the read fails (InvalidDataException) or, from the pack
        // cache, gives the old version.
        var mine = new TestGrainState<Basket>(new Basket { Owner = "here", Version = 1 });
        await here.WriteStateAsync("basket", grain, mine);
        var theirs = new TestGrainState<Basket>();
        await there.ReadStateAsync("basket", grain, theirs);
        (theirs.State.Owner, theirs.State.Version) = ("there", 2);
        await there.WriteStateAsync("basket", grain, theirs);

        here.RefreshBucket(here.BucketOf(grain));
        var read = new TestGrainState<Basket>();
        await here.ReadStateAsync("basket", grain, read);
        Assert.Equal(("there", 2, theirs.ETag), (read.State.Owner, read.State.Version, read.ETag));
    }

    [Fact]
    public async Task A_bucket_out_of_range_is_refused()
    {
        var storage = await TestStorage.CreateAsync(_table, buckets: 2, packRecords: true);
        Assert.Throws<ArgumentOutOfRangeException>(() => storage.RefreshBucket(2));
        var unbucketed = await TestStorage.CreateAsync(_table);
        Assert.Throws<InvalidOperationException>(() => unbucketed.RefreshBucket(0));
    }
}
