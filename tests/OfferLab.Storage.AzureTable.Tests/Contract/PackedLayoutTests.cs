using Azure.Data.Tables;
using OfferLab.Storage.AzureTable.Packs;
using OfferLab.Storage.AzureTable.Tests.Support;
using OfferLab.Testing;
using Orleans.Runtime;
using Orleans.Storage;

namespace OfferLab.Storage.AzureTable.Tests.Contract;

// The whole contract again with records packed: many grains share a bucket and its pack entities.
public sealed class PackedGrainStorageContractTests : GrainStorageContractTests
{
    protected override int Buckets => 4;

    protected override bool PackRecords => true;
}

public sealed class PackedAwkwardKeyTests : AwkwardKeyTests
{
    protected override int Buckets => 4;

    protected override bool PackRecords => true;
}

public sealed class PackedConcurrencyTests : ConcurrencyTests
{
    protected override int Buckets => 4;

    protected override bool PackRecords => true;
}

public sealed class PackedLargeStateTests : LargeStateTests
{
    protected override int Buckets => 4;

    protected override bool PackRecords => true;
}

/// <summary>What the packed layout is for (one entity per batch, not per record) and what keeps it correct.</summary>
public sealed class PackedLayoutTests
{
    private readonly string _table = TestStorage.UniqueTable("packs");

    [Fact]
    public async Task Concurrent_writes_share_pack_entities_and_a_new_provider_reads_every_record_back_from_few_reads()
    {
        var counter = new RequestCounter();
        var writer = await TestStorage.CreateAsync(_table, buckets: 4, packRecords: true, clientOptions: counter.Options());
        var grains = Enumerable.Range(0, 400).Select(_ => TestStorage.NewGrain()).ToList();
        counter.Reset();

        var written = await Task.WhenAll(grains.Select(async (grain, i) =>
        {
            var state = new TestGrainState<Basket>(new Basket { Owner = grain.ToString(), Version = i });
            await writer.WriteStateAsync("basket", grain, state);
            return state;
        }));

        // 400 records in 4 buckets need at least 4 transactions; each stored one pack (and the bucket's head row).
        Assert.InRange(counter.Transactions, 4, 100);
        var entities = await EntitiesAsync();
        Assert.Equal(counter.Transactions, entities.Count(e => PackFormat.IsPackRow(e.RowKey)));
        Assert.Equal(4, entities.Count(e => e.RowKey == PackFormat.HeadRow));
        Assert.Equal(entities.Count, entities.Count(e => PackFormat.IsPackRow(e.RowKey) || e.RowKey == PackFormat.HeadRow));

        var reads = new RequestCounter();
        var reader = await TestStorage.CreateAsync(_table, buckets: 4, packRecords: true, clientOptions: reads.Options());
        reads.Reset();
        for (var i = 0; i < grains.Count; i++)
        {
            var read = new TestGrainState<Basket>();
            await reader.ReadStateAsync("basket", grains[i], read);
            Assert.True(read.RecordExists);
            Assert.Equal(written[i].ETag, read.ETag);
            Assert.Equal(grains[i].ToString(), read.State.Owner);
            Assert.Equal(i, read.State.Version);
        }

        // One listing per bucket and one read per pack (the cache serves the pack's other records), not one per record.
        Assert.Equal(4, reads.Listings);
        Assert.Equal(counter.Transactions, reads.PointReads);
    }

    [Fact]
    public async Task Reading_absent_records_costs_one_listing_per_bucket_and_no_point_reads()
    {
        var counter = new RequestCounter();
        var storage = await TestStorage.CreateAsync(_table, buckets: 4, packRecords: true, clientOptions: counter.Options());
        counter.Reset();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            var state = new TestGrainState<Basket>();
            await storage.ReadStateAsync("basket", TestStorage.NewGrain(), state);
            Assert.False(state.RecordExists);
            Assert.Null(state.ETag);
        }));

        Assert.Equal(0, counter.PointReads);
        Assert.InRange(counter.Listings, 1, 4);
    }

    [Fact]
    public async Task Rewritten_records_are_compacted_and_every_current_version_survives_with_its_etag()
    {
        var storage = await TestStorage.CreateAsync(_table, buckets: 1, packRecords: true);
        var grains = Enumerable.Range(0, 150).Select(_ => TestStorage.NewGrain()).ToList();
        var states = grains.Select(g => new TestGrainState<Basket>(new Basket { Owner = g.ToString() })).ToList();

        // Six rounds of writes of every grain: five of every six stored versions become garbage.
        for (var round = 1; round <= 6; round++)
        {
            await Task.WhenAll(states.Select(s =>
            {
                s.State.Version = round;
                s.State.Items = [.. Enumerable.Range(0, round).Select(i => new string('x', 200))];
                return storage.WriteStateAsync("basket", grains[states.IndexOf(s)], s);
            }));
        }

        // Compaction runs when the bucket's writer falls idle (and every few transactions): packs holding only garbage
        // go, sparse ones are merged. How the writes were cut into packs depends on their timing, so the test checks
        // the outcome: no pack is left without a current version, and garbage is at most what is live.
        var current = states.Select(s => s.ETag).ToHashSet();
        int packs = 0, live = 0, dead = 0, empty = 0;
        for (var wait = 0; wait < 100; wait++)
        {
            var directories = (await EntitiesAsync()).Where(e => PackFormat.IsPackRow(e.RowKey)).Select(PackFormat.Directory).ToList();
            packs = directories.Count;
            live = directories.Sum(d => d.Count(e => current.Contains(e.ETag)));
            dead = directories.Sum(d => d.Count(e => !current.Contains(e.ETag)));
            empty = directories.Count(d => !d.Any(e => current.Contains(e.ETag)));
            if (empty == 0 && dead <= live)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(grains.Count, live);
        Assert.Equal(0, empty);
        Assert.True(dead <= live, $"{dead} superseded records against {live} current ones in {packs} packs");

        // A provider that lists the bucket afresh finds every grain's last version under the ETag its writer holds,
        // and the writer's next write is accepted with it.
        var reader = await TestStorage.CreateAsync(_table, buckets: 1, packRecords: true);
        for (var i = 0; i < grains.Count; i++)
        {
            var read = new TestGrainState<Basket>();
            await reader.ReadStateAsync("basket", grains[i], read);
            Assert.Equal(6, read.State.Version);
            Assert.Equal(6, read.State.Items.Count);
            Assert.Equal(states[i].ETag, read.ETag);
        }

        states[0].State.Version = 7;
        await storage.WriteStateAsync("basket", grains[0], states[0]);
        var last = new TestGrainState<Basket>();
        await (await TestStorage.CreateAsync(_table, buckets: 1, packRecords: true)).ReadStateAsync("basket", grains[0], last);
        Assert.Equal(7, last.State.Version);
    }

    [Fact]
    public async Task Small_packs_of_writes_that_came_one_at_a_time_are_merged_into_one()
    {
        var storage = await TestStorage.CreateAsync(_table, buckets: 1, packRecords: true);
        var grains = Enumerable.Range(0, 8).Select(_ => TestStorage.NewGrain()).ToList();
        var states = new List<TestGrainState<Basket>>();
        foreach (var grain in grains)
        {
            // One at a time: each write is a transaction, and a pack, of its own.
            var state = new TestGrainState<Basket>(new Basket { Owner = grain.ToString() });
            await storage.WriteStateAsync("basket", grain, state);
            states.Add(state);
        }

        var packs = 0;
        for (var wait = 0; wait < 100 && (packs = (await EntitiesAsync()).Count(e => PackFormat.IsPackRow(e.RowKey))) != 1; wait++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, packs);
        var reader = await TestStorage.CreateAsync(_table, buckets: 1, packRecords: true);
        for (var i = 0; i < grains.Count; i++)
        {
            var read = new TestGrainState<Basket>();
            await reader.ReadStateAsync("basket", grains[i], read);
            Assert.Equal(grains[i].ToString(), read.State.Owner);
            Assert.Equal(states[i].ETag, read.ETag);
        }
    }

    [Fact]
    public async Task Records_stored_in_one_pack_share_its_etag_and_each_still_refuses_a_stale_one()
    {
        var storage = await TestStorage.CreateAsync(_table, buckets: 1, packRecords: true);
        var grains = Enumerable.Range(0, 60).Select(_ => TestStorage.NewGrain()).ToList();
        var states = grains.Select(g => new TestGrainState<Basket>(new Basket { Owner = g.ToString() })).ToList();
        await Task.WhenAll(grains.Select((g, i) => storage.WriteStateAsync("basket", g, states[i])));

        // Writes queued together in one bucket share transactions, and a transaction's records share one ETag string.
        var packMates = states.Select((s, i) => (State: s, Grain: grains[i])).GroupBy(x => x.State.ETag).First(g => g.Count() >= 2).ToList();
        Assert.All(packMates, x => Assert.Same(packMates[0].State.ETag, x.State.ETag));

        // One of them written again: its ETag changes, a writer still holding the shared one is refused for it, and a
        // pack-mate that was not rewritten still writes with the shared one.
        var (rewritten, rewrittenGrain) = packMates[0];
        var (mate, mateGrain) = packMates[1];
        var shared = rewritten.ETag;
        rewritten.State.Version = 1;
        await storage.WriteStateAsync("basket", rewrittenGrain, rewritten);
        Assert.NotEqual(shared, rewritten.ETag);
        var stale = new TestGrainState<Basket>(new Basket { Owner = "stale", Version = 2 }, shared) { RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("basket", rewrittenGrain, stale));
        mate.State.Version = 3;
        await storage.WriteStateAsync("basket", mateGrain, mate);
        Assert.NotEqual(shared, mate.ETag);

        // Read back by a new provider: every record with the ETag its writer holds; and the reader's index, which holds
        // a pack ETag as its number, refuses an ETag of the same form naming a neighbouring pack and writes with the
        // one read.
        var reader = await TestStorage.CreateAsync(_table, buckets: 1, packRecords: true);
        var reads = new List<TestGrainState<Basket>>();
        for (var i = 0; i < grains.Count; i++)
        {
            var read = new TestGrainState<Basket>();
            await reader.ReadStateAsync("basket", grains[i], read);
            Assert.Equal(states[i].ETag, read.ETag);
            Assert.Equal(states[i].State.Version, read.State.Version);
            reads.Add(read);
        }

        Assert.True(PackETag.TryParse(mate.ETag, out var matePack));
        foreach (var neighbour in new[] { matePack - 1, matePack + 1 })
        {
            var wrong = new TestGrainState<Basket>(new Basket { Owner = "wrong" }, PackETag.Format(neighbour)) { RecordExists = true };
            await Assert.ThrowsAsync<InconsistentStateException>(() => reader.WriteStateAsync("basket", mateGrain, wrong));
        }

        var mateRead = reads[grains.IndexOf(mateGrain)];
        mateRead.State.Version = 4;
        await reader.WriteStateAsync("basket", mateGrain, mateRead);
        Assert.NotEqual(mate.ETag, mateRead.ETag);
    }

    [Fact]
    public async Task A_second_writer_of_a_bucket_is_detected_its_stale_writes_are_refused_and_others_go_through()
    {
        var mine = await TestStorage.CreateAsync(_table, buckets: 1, packRecords: true);
        var theirs = await TestStorage.CreateAsync(_table, buckets: 1, packRecords: true);
        var shared = TestStorage.NewGrain();
        var held = new TestGrainState<Basket>(new Basket { Owner = "mine", Version = 1 });
        await mine.WriteStateAsync("basket", shared, held);

        var theirCopy = new TestGrainState<Basket>();
        await theirs.ReadStateAsync("basket", shared, theirCopy);
        Assert.Equal(held.ETag, theirCopy.ETag);
        theirCopy.State.Owner = "theirs";
        await theirs.WriteStateAsync("basket", shared, theirCopy);

        // My index still holds my version: the bucket's head refuses my transaction, I list the bucket again and
        // learn that my ETag is stale. A write of another grain in the same bucket is then stored.
        held.State.Version = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => mine.WriteStateAsync("basket", shared, held));
        var other = TestStorage.NewGrain();
        await mine.WriteStateAsync("basket", other, new TestGrainState<Basket>(new Basket { Owner = "mine" }));

        // Their index is now the stale one; their next write still goes through after the same reload.
        var third = TestStorage.NewGrain();
        await theirs.WriteStateAsync("basket", third, new TestGrainState<Basket>(new Basket { Owner = "theirs" }));

        var fresh = await TestStorage.CreateAsync(_table, buckets: 1, packRecords: true);
        Assert.Equal(("theirs", 1), await OwnerAndVersionAsync(fresh, shared));
        Assert.Equal(("mine", 0), await OwnerAndVersionAsync(fresh, other));
        Assert.Equal(("theirs", 0), await OwnerAndVersionAsync(fresh, third));
    }

    [Fact]
    public async Task Records_of_the_one_entity_per_record_layout_are_read_rewritten_into_packs_and_then_deleted()
    {
        var before = await TestStorage.CreateAsync(_table, buckets: 2);
        var grains = Enumerable.Range(0, 40).Select(_ => TestStorage.NewGrain()).ToList();
        await Task.WhenAll(grains.Select((g, i) => before.WriteStateAsync("basket", g, new TestGrainState<Basket>(new Basket { Version = i }))));

        var packed = await TestStorage.CreateAsync(_table, buckets: 2, packRecords: true);
        for (var i = 0; i < grains.Count; i++)
        {
            var read = new TestGrainState<Basket>();
            await packed.ReadStateAsync("basket", grains[i], read);
            Assert.Equal(i, read.State.Version);
            if (i % 2 == 0)
            {
                // The old entity's ETag is the condition of the first packed write.
                read.State.Version += 1000;
                await packed.WriteStateAsync("basket", grains[i], read);
            }
        }

        // Once rewritten, the old entities are garbage: the idle compaction deletes them.
        var old = 0;
        for (var wait = 0; wait < 100; wait++)
        {
            old = (await EntitiesAsync()).Count(e => !PackFormat.IsPackRow(e.RowKey) && e.RowKey != PackFormat.HeadRow);
            if (old == grains.Count / 2)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(grains.Count / 2, old);
        var fresh = await TestStorage.CreateAsync(_table, buckets: 2, packRecords: true);
        for (var i = 0; i < grains.Count; i++)
        {
            Assert.Equal(i % 2 == 0 ? i + 1000 : i, (await OwnerAndVersionAsync(fresh, grains[i])).Version);
        }
    }

    private static async Task<(string Owner, int Version)> OwnerAndVersionAsync(AzureTableGrainStorage storage, GrainId grain)
    {
        var read = new TestGrainState<Basket>();
        await storage.ReadStateAsync("basket", grain, read);
        Assert.True(read.RecordExists);
        return (read.State.Owner, read.State.Version);
    }

    private async Task<List<TableEntity>> EntitiesAsync()
    {
        var azurite = await Azurite.SharedAsync();
        var table = new TableClient(azurite.ConnectionString, _table);
        return await table.QueryAsync<TableEntity>().ToListAsync();
    }
}
