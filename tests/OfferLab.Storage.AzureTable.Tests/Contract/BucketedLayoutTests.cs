using OfferLab.Storage.AzureTable.Tests.Support;
using Orleans.Runtime;
using Orleans.Storage;

namespace OfferLab.Storage.AzureTable.Tests.Contract;

// The whole contract again with grains hashed into 4 buckets, so that many grains share a partition and its batches.
public sealed class BucketedGrainStorageContractTests : GrainStorageContractTests
{
    protected override int Buckets => 4;
}

public sealed class BucketedAwkwardKeyTests : AwkwardKeyTests
{
    protected override int Buckets => 4;
}

public sealed class BucketedConcurrencyTests : ConcurrencyTests
{
    protected override int Buckets => 4;
}

public sealed class BucketedLargeStateTests : LargeStateTests
{
    protected override int Buckets => 4;
}

/// <summary>What the bucketed layout is for: new records cost no reads, and writes share transactions.</summary>
public sealed class BucketedLayoutTests
{
    private const int Buckets = 4;
    private readonly string _table = TestStorage.UniqueTable("buckets");

    [Fact]
    public async Task Reading_absent_records_costs_one_listing_per_bucket_and_no_point_reads()
    {
        var counter = new RequestCounter();
        var storage = await TestStorage.CreateAsync(_table, buckets: Buckets, clientOptions: counter.Options());
        counter.Reset();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            var state = new TestGrainState<Basket>();
            await storage.ReadStateAsync("basket", TestStorage.NewGrain(), state);
            Assert.False(state.RecordExists);
            Assert.Null(state.ETag);
        }));

        Assert.Equal(0, counter.PointReads);
        Assert.InRange(counter.Listings, 1, Buckets);
    }

    [Fact]
    public async Task Concurrent_writes_share_transactions_and_each_reads_back_its_own_state()
    {
        var counter = new RequestCounter();
        var storage = await TestStorage.CreateAsync(_table, buckets: Buckets, clientOptions: counter.Options());
        var grains = Enumerable.Range(0, 400).Select(_ => TestStorage.NewGrain()).ToList();
        counter.Reset();

        var written = await Task.WhenAll(grains.Select(async (grain, i) =>
        {
            var state = new TestGrainState<Basket>(new Basket { Owner = grain.ToString(), Version = i });
            await storage.WriteStateAsync("basket", grain, state);
            return state;
        }));

        // 400 records in 4 buckets need at least 4 transactions of 100; far fewer than one per write.
        Assert.InRange(counter.Transactions, 4, 100);
        for (var i = 0; i < grains.Count; i++)
        {
            var read = new TestGrainState<Basket>();
            await storage.ReadStateAsync("basket", grains[i], read);
            Assert.True(read.RecordExists);
            Assert.Equal(written[i].ETag, read.ETag);
            Assert.Equal(grains[i].ToString(), read.State.Owner);
            Assert.Equal(i, read.State.Version);
        }
    }

    /// <summary>
    /// A checkpoint writes thousands of grains with a bounded number of writes in flight. In arrival order those writes
    /// are spread over every bucket, a handful per bucket whenever a transaction is cut; issued bucket by bucket
    /// (<see cref="AzureTableGrainStorage.BucketOf(Orleans.Runtime.GrainId)"/>), each bucket's writes queue together and fill whole transactions.
    /// The storage meter counts what was sent.
    /// </summary>
    [Fact]
    public async Task Writes_issued_bucket_by_bucket_fill_transactions_that_arrival_order_leaves_small()
    {
        const int buckets = 64, grains = 2_000, inFlight = 256;
        var provider = "ordered-" + Guid.NewGuid().ToString("N")[..8];
        var counter = new RequestCounter();
        var storage = await TestStorage.CreateAsync(_table, buckets: buckets, clientOptions: counter.Options(), name: provider, maxConcurrentTransactions: 2);
        using var meter = new StorageMeterReader(provider);

        async Task<int> WriteAllAsync(IEnumerable<GrainId> order)
        {
            counter.Reset();
            await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (grain, _) =>
                await storage.WriteStateAsync("basket", grain, new TestGrainState<Basket>(new Basket { Owner = grain.ToString() })));
            return counter.Transactions;
        }

        var arrival = Enumerable.Range(0, grains).Select(_ => TestStorage.NewGrain()).ToList();
        var inArrivalOrder = await WriteAllAsync(arrival);
        var partitioned = Enumerable.Range(0, grains).Select(_ => TestStorage.NewGrain()).OrderBy(storage.BucketOf).ToList();
        Assert.All(partitioned, grain => Assert.InRange(storage.BucketOf(grain), 0, buckets - 1));
        var inPartitionOrder = await WriteAllAsync(partitioned);

        // About 31 records per bucket: one or two transactions each in partition order; in arrival order about four
        // records per transaction (256 in flight over 64 buckets).
        Assert.InRange(inPartitionOrder, buckets, 3 * buckets);
        Assert.True(inArrivalOrder >= 2 * inPartitionOrder, $"arrival order took {inArrivalOrder} transactions, partition order {inPartitionOrder}");
        Assert.Equal(inArrivalOrder + inPartitionOrder, meter.Transactions);
        Assert.Equal(2 * grains, meter.Records);
        foreach (var grain in partitioned.Take(20))
        {
            var read = new TestGrainState<Basket>();
            await storage.ReadStateAsync("basket", grain, read);
            Assert.Equal(grain.ToString(), read.State.Owner);
        }
    }

    [Fact]
    public async Task Only_a_bucketed_storage_tells_a_grains_bucket()
    {
        var bucketed = await TestStorage.CreateAsync(_table, buckets: 8);
        var unbucketed = await TestStorage.CreateAsync(_table);
        var grain = TestStorage.NewGrain();

        Assert.Equal(8, bucketed.Buckets);
        Assert.Equal(bucketed.BucketOf(grain), bucketed.BucketOf(grain));
        Assert.InRange(bucketed.BucketOf(grain), 0, 7);
        Assert.Equal(0, unbucketed.Buckets);
        Assert.Throws<InvalidOperationException>(() => unbucketed.BucketOf(grain));
    }

    [Fact]
    public async Task A_refused_write_fails_alone_and_the_rest_of_its_batch_is_stored()
    {
        var storage = await TestStorage.CreateAsync(_table, buckets: 1);
        var stale = TestStorage.NewGrain();
        var first = new TestGrainState<Basket>(new Basket { Version = 1 });
        await storage.WriteStateAsync("basket", stale, first);
        var staleEtag = first.ETag;
        await storage.WriteStateAsync("basket", stale, first);
        var others = Enumerable.Range(0, 50).Select(_ => TestStorage.NewGrain()).ToList();

        var refused = storage.WriteStateAsync("basket", stale, new TestGrainState<Basket>(new Basket { Version = 99 }, staleEtag));
        var stored = others.Select(g => storage.WriteStateAsync("basket", g, new TestGrainState<Basket>(new Basket { Owner = "ok" }))).ToList();

        await Assert.ThrowsAsync<InconsistentStateException>(() => refused);
        await Task.WhenAll(stored);
        var kept = new TestGrainState<Basket>();
        await storage.ReadStateAsync("basket", stale, kept);
        Assert.Equal(1, kept.State.Version);
        foreach (var grain in others)
        {
            var read = new TestGrainState<Basket>();
            await storage.ReadStateAsync("basket", grain, read);
            Assert.Equal("ok", read.State.Owner);
        }
    }

    [Fact]
    public async Task A_new_provider_on_the_same_table_finds_every_record_through_its_listing()
    {
        var writer = await TestStorage.CreateAsync(_table, buckets: Buckets);
        var grains = Enumerable.Range(0, 60).Select(_ => TestStorage.NewGrain()).ToList();
        await Task.WhenAll(grains.Select((g, i) => writer.WriteStateAsync("basket", g, new TestGrainState<Basket>(new Basket { Version = i }))));

        var counter = new RequestCounter();
        var reader = await TestStorage.CreateAsync(_table, buckets: Buckets, clientOptions: counter.Options());
        for (var i = 0; i < grains.Count; i++)
        {
            var read = new TestGrainState<Basket>();
            await reader.ReadStateAsync("basket", grains[i], read);
            Assert.True(read.RecordExists);
            Assert.Equal(i, read.State.Version);
        }

        Assert.Equal(grains.Count, counter.PointReads);
    }

    [Fact]
    public async Task A_record_another_writer_inserted_is_refused_on_insert_and_then_found()
    {
        var mine = await TestStorage.CreateAsync(_table, buckets: 1);
        var theirs = await TestStorage.CreateAsync(_table, buckets: 1);
        var grain = TestStorage.NewGrain();
        await mine.ReadStateAsync("basket", TestStorage.NewGrain(), new TestGrainState<Basket>());
        await theirs.WriteStateAsync("basket", grain, new TestGrainState<Basket>(new Basket { Owner = "theirs" }));

        // Mine listed the bucket before their insert, so it believes the record absent...
        var stale = new TestGrainState<Basket>();
        await mine.ReadStateAsync("basket", grain, stale);
        Assert.False(stale.RecordExists);

        // ...but cannot overwrite it, and learns of it from the refusal.
        await Assert.ThrowsAsync<InconsistentStateException>(() => mine.WriteStateAsync("basket", grain, new TestGrainState<Basket>(new Basket { Owner = "mine" })));
        var fresh = new TestGrainState<Basket>();
        await mine.ReadStateAsync("basket", grain, fresh);
        Assert.True(fresh.RecordExists);
        Assert.Equal("theirs", fresh.State.Owner);
    }
}
