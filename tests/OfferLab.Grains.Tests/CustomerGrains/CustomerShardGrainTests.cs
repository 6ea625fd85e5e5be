using System.Collections.Immutable;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OfferLab.Abstractions.Assignment;
using OfferLab.Grains;
using OfferLab.Grains.Counting;
using OfferLab.Storage.AzureTable;
using OfferLab.Storage.AzureTable.Hosting;
using OfferLab.Storage.AzureTable.Journal;
using Microsoft.Extensions.Time.Testing;
using OfferLab.Grains.Customers;
using OfferLab.Testing;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace OfferLab.Grains.Tests.CustomerGrains;

/// <summary>
/// Customer grains in a silo with the real journal (in the shared Azurite) and customer storage in an Azurite of their
/// own, which a test can freeze like a hung storage service. The grains' clock is fake.
/// </summary>
public sealed class CustomerShardGrainTests : IAsyncLifetime
{
    /// <summary>Buckets of the customer storage, which the shards follow as in the server.</summary>
    private const int CustomerBuckets = 4;

    private static readonly AssignPlan Plan = new(
        "burger-sides", 1, 0, ["control", "fries"], [null, "FRIES-M"], [0.5, 0.5], CustomerStickiness: false, CapPerDay: 100, SuppressAfterDeclines: 100);

    private Azurite? _customerStore;
    private string _customerTable = "";
    private string _journalTable = "";
    private InProcessTestCluster? _cluster;

    private FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private IGrainFactory Grains => _cluster!.Client;

    private CustomerShards Customers => new(Grains, CustomerBuckets);

    /// <summary>Batch transactions the customer storage sent (its client counts its <c>$batch</c> requests).</summary>
    private int _batches;

    public async Task InitializeAsync()
    {
        var journalStore = await Azurite.SharedAsync();
        var customerStore = _customerStore = await Azurite.StartAsync();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var customerTable = _customerTable = "customers" + suffix;
        var journalTable = _journalTable = "journal" + suffix;
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "checkpoints-" + suffix[..8];
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(GrainClock.Key, Time);
            silo.Services.AddEventJournal(journal => (journal.ConnectionString, journal.TableName) = (journalStore.ConnectionString, journalTable));
            silo.Services.AddSingleton<CountAggregator>();
            silo.Services.AddSingleton<OfferJournal>();
            silo.AddAzureTableGrainStorage(GrainStorage.Customers, table =>
            {
                (table.ConnectionString, table.TableName, table.Buckets) = (customerStore.ConnectionString, customerTable, CustomerBuckets);
                table.ClientOptions = new TableClientOptions();
                table.ClientOptions.AddPolicy(new BatchCounter(() => Interlocked.Increment(ref _batches)), HttpPipelinePosition.PerCall);
            });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        _customerStore?.Thaw();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_customerStore is not null)
        {
            await _customerStore.DisposeAsync();
        }
    }

    /// <summary>
    /// A checkpoint writes every customer a closing journal segment touched. The write must not hold the customer:
    /// its storefront requests go on while the write waits on a hung customer store (the journal lives elsewhere, so
    /// new exposures stay durable).
    /// </summary>
    [Fact]
    public async Task A_customer_answers_and_records_new_exposures_while_its_checkpoint_write_hangs()
    {
        var customer = Customers.Get("c-" + Guid.NewGuid().ToString("N"));
        var first = (await customer.AssignAsync("s-1", [Plan])).Single();
        Assert.Equal(AssignReason.Assigned, first.Reason);

        _customerStore!.Freeze();
        var persist = customer.PersistAsync("segment-under-test");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(persist.IsCompleted, "the customer store is frozen, so the checkpoint write cannot have finished");

        var again = (await customer.AssignAsync("s-1", [Plan]).WaitAsync(TimeSpan.FromSeconds(15))).Single();
        Assert.Equal(AssignReason.Sticky, again.Reason);
        Assert.Equal(first.Variant, again.Variant);
        Assert.Equal(first.TokenId, again.TokenId);

        var other = (await customer.AssignAsync("s-2", [Plan]).WaitAsync(TimeSpan.FromSeconds(15))).Single();
        Assert.Equal(AssignReason.Assigned, other.Reason);
        Assert.False(persist.IsCompleted, "still frozen: the answers above did not wait for the write");

        _customerStore.Thaw();
        await persist.WaitAsync(TimeSpan.FromSeconds(90));

        // Nothing is lost: deactivated (which writes what changed during the checkpoint) and read back from storage,
        // the customer still knows both sessions.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(AssignReason.Sticky, (await customer.AssignAsync("s-2", [Plan])).Single().Reason);
        Assert.Equal(AssignReason.Sticky, (await customer.AssignAsync("s-1", [Plan])).Single().Reason);
    }

    [Fact]
    public async Task A_returning_customer_keeps_recent_sessions_and_forgets_ones_that_began_over_a_day_ago()
    {
        var customer = Customers.Get("c-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < CustomerShardGrain.SessionsKept; i++)
        {
            Assert.Equal(AssignReason.Assigned, (await customer.AssignAsync($"old-{i}", [Plan])).Single().Reason);
        }

        Time.Advance(CustomerShardGrain.SessionLifetime + TimeSpan.FromHours(1));

        // Up to the limit nothing is forgotten, however old.
        Assert.Equal(AssignReason.Sticky, (await customer.AssignAsync("old-0", [Plan])).Single().Reason);

        // One more session: the ones that began over a day ago are forgotten, the new one is kept.
        Assert.Equal(AssignReason.Assigned, (await customer.AssignAsync("new-1", [Plan])).Single().Reason);
        Assert.Equal(AssignReason.Sticky, (await customer.AssignAsync("new-1", [Plan])).Single().Reason);
        Assert.Equal(AssignReason.Assigned, (await customer.AssignAsync("old-5", [Plan])).Single().Reason);
        Assert.Equal(AssignReason.Sticky, (await customer.AssignAsync("old-5", [Plan])).Single().Reason);
    }

    /// <summary>
    /// An outcome append can time out after storage committed it; the client then retries with the same idempotency key
    /// and that second record is the one acknowledged. Replayed after a crash, the pair must count once, whichever of
    /// the two the customer's stored state already held.
    /// </summary>
    [Fact]
    public async Task A_replayed_outcome_whose_key_an_earlier_record_took_does_not_count_again()
    {
        var id = "c-" + Guid.NewGuid().ToString("N");
        var lost = Outcome(id, "tok-1", "key-1");
        var retry = lost with { At = lost.At + TimeSpan.FromSeconds(2) };
        var other = Outcome(id, "tok-1", "key-2");

        // Stored state older than both records: the first (whose answer was lost) counts, the retry does not.
        var fresh = Customers.Get(id);
        Assert.True(await fresh.ReplayAsync("segment-a", 10, lost.ToJson()));
        Assert.False(await fresh.ReplayAsync("segment-a", 12, retry.ToJson()));
        Assert.True(await fresh.ReplayAsync("segment-a", 13, other.ToJson()));
        // Replaying a record the state already applied still counts it (the counts of an unflushed segment are rebuilt).
        Assert.True(await fresh.ReplayAsync("segment-a", 10, lost.ToJson()));

        // Stored state already holding the acknowledged retry (applied live): the lost first record does not count.
        var live = Customers.Get("c-" + Guid.NewGuid().ToString("N"));
        var command = new OutcomeCommand("burger-sides", 1, 0, "fries", "s-1", "tok-9", Time.GetUtcNow(), OutcomeKind.Accept, 2.49, "key-9", "FRIES-M", TimeSpan.FromDays(1));
        Assert.Equal(OutcomeStatus.Recorded, await live.RecordOutcomeAsync(command));
        var earlier = Outcome(live.Id, "tok-9", "key-9");
        Assert.False(await live.ReplayAsync("segment-b", 0, earlier.ToJson()));
    }

    /// <summary>
    /// A checkpoint stores every customer of a closing segment (dropping that segment's bookkeeping from their state),
    /// then marks the segment flushed. A crash in between replays the segment: an outcome the stored state already
    /// holds must still count, since the segment's counts were never folded in.
    /// </summary>
    [Fact]
    public async Task An_outcome_stored_by_a_checkpoint_that_did_not_finish_still_counts_when_replayed()
    {
        var id = "c-" + Guid.NewGuid().ToString("N");
        var customer = Customers.Get(id);
        var command = new OutcomeCommand("burger-sides", 1, 0, "fries", "s-1", "tok-5", Time.GetUtcNow(), OutcomeKind.Accept, 2.49, "key-5", "FRIES-M", TimeSpan.FromDays(1));
        Assert.Equal(OutcomeStatus.Recorded, await customer.RecordOutcomeAsync(command));
        var journal = _cluster!.Silos[0].ServiceProvider.GetRequiredService<IEventJournal>();
        var segment = journal.CurrentSegment;
        var record = await journal.ReadAsync(segment).SingleAsync(r => r.StreamId == id);

        await customer.PersistAsync(segment);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // Read back from storage: the key is there, the segment's bookkeeping is not; the record is the one that took the key.
        Assert.True(await customer.ReplayAsync(segment, record.Position.Sequence, record.Payload));
        var retry = OfferEvent.FromJson(record.Payload) with { At = Time.GetUtcNow() + TimeSpan.FromSeconds(1) };
        Assert.False(await customer.ReplayAsync(segment, record.Position.Sequence + 1, retry.ToJson()));
    }

    /// <summary>
    /// A customer's shard is a stable hash of its id (the same in every process and silo), customers spread over all
    /// shards, and ids with the characters storage keys forbid work like any other.
    /// </summary>
    [Fact]
    public async Task Customers_are_spread_over_every_shard_by_a_stable_hash_of_their_id()
    {
        // FNV-1a over UTF-16 code units, worked by hand for "c-1": a change here moves live customers between shards.
        var hash = 2166136261u;
        foreach (var unit in new uint[] { 'c', 0, '-', 0, '1', 0 })
        {
            hash = (hash ^ unit) * 16777619u;
        }

        Assert.Equal((int)(hash % CustomerShards.ShardCount), CustomerShards.ShardOf("c-1", storageBuckets: 0));
        foreach (var buckets in new[] { 0, CustomerBuckets, 128 })
        {
            var perShard = Enumerable.Range(0, 25_600).GroupBy(i => CustomerShards.ShardOf($"customer-{i}", buckets)).Select(g => g.Count()).ToList();
            Assert.Equal(CustomerShards.ShardCount, perShard.Count);
            Assert.InRange(perShard.Min(), 50, 100);
            Assert.InRange(perShard.Max(), 100, 150);
        }

        foreach (var id in new[] { "c-" + Guid.NewGuid().ToString("N"), "a/b#c?d%e " + Guid.NewGuid().ToString("N"), "顧客-ü-" + Guid.NewGuid().ToString("N") })
        {
            var customer = Customers.Get(id);
            Assert.Equal(Customers.ShardOf(id), customer.Shard.GetPrimaryKeyLong());
            Assert.Equal(AssignReason.Assigned, (await customer.AssignAsync("s-1", [Plan])).Single().Reason);
            Assert.Equal(AssignReason.Sticky, (await Customers.Get(id).AssignAsync("s-1", [Plan])).Single().Reason);
        }

        Assert.Throws<ArgumentException>(() => { Customers.Get(" "); });
    }

    /// <summary>
    /// With a bucketed customer storage every customer of a shard lives in one bucket: the shards follow the buckets
    /// (several shards a bucket when there are fewer buckets than shards, several buckets a shard when there are more).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(CustomerBuckets)]
    [InlineData(100)]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(1_000)]
    public void A_shards_customers_share_a_storage_bucket(int buckets)
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => $"customer-{i}").Append("a/b#c?d%\u0001").Append("顧客-ü")
            .Append("lone-\uD800").Append("\uDC00-lone").Append("pair-\uD83D\uDE00").Append("").Append("customer/nested").ToList();
        var bucketOf = ids.ToDictionary(id => id, id => AzureTableGrainStorage.BucketOf(CustomerShardGrain.StorageId(id), buckets));

        foreach (var shard in ids.GroupBy(id => CustomerShards.ShardOf(id, buckets)))
        {
            Assert.InRange(shard.Key, 0, CustomerShards.ShardCount - 1);
            if (buckets <= CustomerShards.ShardCount)
            {
                Assert.Single(shard.Select(id => bucketOf[id]).Distinct());
            }

            Assert.All(shard, id => Assert.Equal(shard.Key, buckets >= CustomerShards.ShardCount ? bucketOf[id] % CustomerShards.ShardCount : (bucketOf[id] * (CustomerShards.ShardCount / buckets)) + (shard.Key % (CustomerShards.ShardCount / buckets))));

            // The buckets a shard owns alone (refreshed when it activates): its customers' buckets, none when shared.
            var owned = CustomerShards.BucketsOwnedBy(shard.Key, buckets).ToList();
            Assert.All(owned, b => Assert.InRange(b, 0, buckets - 1));
            Assert.Equal(buckets >= CustomerShards.ShardCount, shard.All(id => owned.Contains(bucketOf[id])));
        }

        // Every shard a bucket can have is used.
        Assert.Equal(buckets >= CustomerShards.ShardCount ? CustomerShards.ShardCount : buckets * (CustomerShards.ShardCount / buckets), ids.Select(id => CustomerShards.ShardOf(id, buckets)).Distinct().Count());
    }

    /// <summary>
    /// A checkpoint asks a shard to write a chunk of its customers in one call. They share a storage bucket, and their
    /// writes queue there together: a hundred customers take a batch transaction or two, where writing them one call at
    /// a time took a transaction each.
    /// </summary>
    [Fact]
    public async Task A_chunk_of_a_shards_customers_is_written_in_whole_batch_transactions()
    {
        const int Shard = 7;
        var suffix = Guid.NewGuid().ToString("N");
        var ids = Enumerable.Range(0, 200_000).Select(i => $"chunk-{i}-{suffix}").Where(id => Customers.ShardOf(id) == Shard).Take(100).ToImmutableArray();
        Assert.Equal(100, ids.Length);
        foreach (var id in ids)
        {
            Assert.Equal(AssignReason.Assigned, (await Customers.Get(id).AssignAsync("s-1", [Plan])).Single().Reason);
        }

        var before = Volatile.Read(ref _batches);
        Assert.Empty(await Customers.Shard(Shard).PersistAsync(ids, [.. ids.Select(_ => -1L)], "segment-under-test"));
        Assert.InRange(Volatile.Read(ref _batches) - before, 1, 3);

        var table = new TableClient(_customerStore!.ConnectionString, _customerTable);
        var stored = table.Query<TableEntity>(select: ["RowKey"]).Select(e => e.RowKey).ToList();
        Assert.All(ids, id => Assert.Single(stored, row => row.Contains(id, StringComparison.Ordinal)));
    }

    /// <summary>A chunk whose customers include one the store refuses still writes the others, then fails.</summary>
    [Fact]
    public async Task A_chunk_is_written_whole_before_a_failure_is_reported()
    {
        var ids = Enumerable.Range(0, 50_000).Select(i => "fail-" + i + Guid.NewGuid().ToString("N")).GroupBy(Customers.ShardOf).First(g => g.Count() >= 3).Take(3).ToImmutableArray();
        foreach (var id in ids)
        {
            Assert.Equal(AssignReason.Assigned, (await Customers.Get(id).AssignAsync("s-1", [Plan])).Single().Reason);
        }

        // Another writer stores the middle customer first: its write is refused (stale ETag), the other two are stored.
        var table = new TableClient(_customerStore!.ConnectionString, _customerTable);
        var shard = Customers.Get(ids[0]).Shard;
        await Customers.Get(ids[1]).PersistAsync("segment-under-test");
        var row = table.Query<TableEntity>(select: ["PartitionKey", "RowKey"]).Single(e => e.RowKey.Contains(ids[1], StringComparison.Ordinal));
        await table.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey), Azure.ETag.All, TableUpdateMode.Merge);
        Assert.Equal(AssignReason.Assigned, (await Customers.Get(ids[1]).AssignAsync("s-2", [Plan])).Single().Reason);

        await Assert.ThrowsAsync<InconsistentStateException>(() => shard.PersistAsync(ids, [-1, -1, -1], "segment-under-test"));
        var stored = table.Query<TableEntity>(select: ["RowKey"]).Select(e => e.RowKey).ToList();
        Assert.Single(stored, r => r.Contains(ids[0], StringComparison.Ordinal));
        Assert.Single(stored, r => r.Contains(ids[2], StringComparison.Ordinal));
    }

    /// <summary>
    /// Two checkpoints can write one customer at once (two segments closing while storage is slow, a retry beside a
    /// new one): both would send the ETag read last, and the storage refused the second as a conflicting writer, which
    /// dropped the customer and deactivated its whole shard. One waits for the other now, and both succeed.
    /// </summary>
    [Fact]
    public async Task Two_checkpoints_writing_one_customer_at_once_both_succeed()
    {
        var customers = Enumerable.Range(0, 20).Select(_ => Customers.Get("c-" + Guid.NewGuid().ToString("N"))).ToList();
        foreach (var customer in customers)
        {
            Assert.Equal(AssignReason.Assigned, (await customer.AssignAsync("s-1", [Plan])).Single().Reason);
        }

        await Task.WhenAll(customers.SelectMany(c => new[] { c.PersistAsync("segment-1"), c.PersistAsync("segment-2") }));

        // Stored: read back after a release, every customer keeps its session.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        foreach (var customer in customers)
        {
            Assert.Equal(AssignReason.Sticky, (await customer.AssignAsync("s-1", [Plan])).Single().Reason);
        }
    }

    /// <summary>
    /// One customer's requests run one at a time: concurrent assigns of one new session give one exposure (the others
    /// recall it), and concurrent retries of one outcome record it once.
    /// </summary>
    [Fact]
    public async Task Concurrent_requests_of_one_customer_run_one_at_a_time()
    {
        var customer = Customers.Get("c-" + Guid.NewGuid().ToString("N"));
        var decisions = (await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => customer.AssignAsync("s-1", [Plan])))).Select(d => d.Single()).ToList();
        Assert.Single(decisions, d => d.Reason == AssignReason.Assigned);
        Assert.Equal(19, decisions.Count(d => d.Reason == AssignReason.Sticky));
        Assert.Single(decisions.Select(d => d.TokenId).Distinct());

        var first = decisions.First(d => d.Reason == AssignReason.Assigned);
        var outcome = new OutcomeCommand("burger-sides", 1, 0, first.Variant!, "s-1", first.TokenId!, first.IssuedAt, OutcomeKind.Accept, 2.49, "key-1", "FRIES-M", TimeSpan.FromDays(1));
        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => customer.RecordOutcomeAsync(outcome)));
        Assert.Single(statuses, s => s == OutcomeStatus.Recorded);
        Assert.Equal(19, statuses.Count(s => s == OutcomeStatus.Duplicate));
    }

    /// <summary>
    /// Customers of one shard do not wait for each other: while one returning customer's request waits on a hung
    /// customer store (reading its state back), another customer of the same shard is answered, and records new exposures.
    /// </summary>
    [Fact]
    public async Task A_customer_is_answered_while_another_of_its_shard_waits_on_storage()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => $"c-{i}-" + Guid.NewGuid().ToString("N")).GroupBy(Customers.ShardOf).First(g => g.Count() >= 2).Take(2).ToList();
        var (held, waiting) = (Customers.Get(ids[0]), Customers.Get(ids[1]));
        Assert.Equal(held.Shard.GetPrimaryKeyLong(), waiting.Shard.GetPrimaryKeyLong());
        Assert.Equal(AssignReason.Assigned, (await held.AssignAsync("s-1", [Plan])).Single().Reason);
        Assert.Equal(AssignReason.Assigned, (await waiting.AssignAsync("s-1", [Plan])).Single().Reason);

        // Both released (their shard is collected), so each one's next request reads its state back from storage.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(AssignReason.Sticky, (await held.AssignAsync("s-1", [Plan])).Single().Reason);

        _customerStore!.Freeze();
        var first = waiting.AssignAsync("s-1", [Plan]);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(first.IsCompleted, "the customer store is frozen, so the customer's state cannot have been read");

        Assert.Equal(AssignReason.Sticky, (await held.AssignAsync("s-1", [Plan]).WaitAsync(TimeSpan.FromSeconds(15))).Single().Reason);
        Assert.Equal(AssignReason.Assigned, (await held.AssignAsync("s-2", [Plan]).WaitAsync(TimeSpan.FromSeconds(15))).Single().Reason);
        Assert.False(first.IsCompleted, "still frozen");

        _customerStore.Thaw();
        Assert.Equal(AssignReason.Sticky, (await first.WaitAsync(TimeSpan.FromSeconds(90))).Single().Reason);
    }

    /// <summary>
    /// A customer released as idle stores its state on the way out, so the checkpoint of the segment holding its records
    /// leaves it out: it would otherwise be activated only to read that state and write it back. Asked to checkpoint
    /// anyway (a checkpoint that listed it just before the release), a customer with nothing unstored writes nothing.
    /// A customer's next record puts it back on the segment's list.
    /// </summary>
    [Fact]
    public async Task A_customer_stored_on_release_is_left_out_of_the_checkpoint_and_not_rewritten()
    {
        var id = "c-" + Guid.NewGuid().ToString("N");
        var customer = Customers.Get(id);
        Assert.Equal(AssignReason.Assigned, (await customer.AssignAsync("s-1", [Plan])).Single().Reason);
        var offers = _cluster!.Silos[0].ServiceProvider.GetRequiredService<OfferJournal>();
        var journal = _cluster.Silos[0].ServiceProvider.GetRequiredService<IEventJournal>();
        var segment = journal.CurrentSegment;
        Assert.Contains(id, offers.CustomersOf(segment));

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.DoesNotContain(id, offers.CustomersOf(segment));
        var table = new TableClient(_customerStore!.ConnectionString, _customerTable);
        var stored = table.Query<TableEntity>().Single(e => e.RowKey.Contains(id, StringComparison.Ordinal));

        await customer.PersistAsync(segment);
        Assert.Equal(stored.ETag, table.GetEntity<TableEntity>(stored.PartitionKey, stored.RowKey).Value.ETag);

        Assert.Equal(AssignReason.Assigned, (await customer.AssignAsync("s-2", [Plan])).Single().Reason);
        Assert.Contains(id, offers.CustomersOf(journal.CurrentSegment));
    }

    /// <summary>
    /// A customer released as idle writes its state on the way out. When that write fails, the state leaves memory
    /// unstored while the journal holds every record of it: the customer's next activation must replay them before it
    /// answers, so the session is still sticky (same token) and a retried outcome is still a duplicate. After an
    /// outage many customers are in that state: the segment they need is read once for all of them.
    /// </summary>
    [Fact]
    public async Task Customers_whose_state_could_not_be_stored_on_release_are_rebuilt_from_one_read_of_the_journal()
    {
        var customers = Enumerable.Range(0, 3).Select(_ => Customers.Get("c-" + Guid.NewGuid().ToString("N"))).ToList();
        var assigned = new List<AssignDecision>();
        var outcomes = new List<OutcomeCommand>();
        foreach (var customer in customers)
        {
            var decision = (await customer.AssignAsync("s-1", [Plan])).Single();
            Assert.Equal(AssignReason.Assigned, decision.Reason);
            var outcome = new OutcomeCommand("burger-sides", 1, 0, decision.Variant!, "s-1", decision.TokenId!, decision.IssuedAt, OutcomeKind.Decline, 0, "key-1", "FRIES-M", TimeSpan.FromDays(1));
            Assert.Equal(OutcomeStatus.Recorded, await customer.RecordOutcomeAsync(outcome));
            (assigned, outcomes) = ([.. assigned, decision], [.. outcomes, outcome]);
        }

        // The customer table disappears, so the writes on release fail; it comes back empty.
        var journal = _cluster!.Silos[0].ServiceProvider.GetRequiredService<OfferJournal>();
        var readsBefore = journal.StaleSegmentReads;
        var tables = new TableServiceClient(_customerStore!.ConnectionString);
        await tables.DeleteTableAsync(_customerTable);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await tables.CreateTableAsync(_customerTable);
        Assert.Empty(tables.GetTableClient(_customerTable).Query<TableEntity>());

        for (var i = 0; i < customers.Count; i++)
        {
            var again = (await customers[i].AssignAsync("s-1", [Plan])).Single();
            Assert.Equal((AssignReason.Sticky, assigned[i].Variant, assigned[i].TokenId), (again.Reason, again.Variant, again.TokenId));
            Assert.Equal(OutcomeStatus.Duplicate, await customers[i].RecordOutcomeAsync(outcomes[i]));
        }

        Assert.Equal(1, journal.StaleSegmentReads - readsBefore);
    }

    /// <summary>
    /// In a cluster a customer's records can sit in another node's journal (the shard lived there, or that node's
    /// recovery replayed them here). If the customer then leaves memory unstored (a write refused as stale), its own
    /// replay knows only this node's journal, so its state lacks them. That node's checkpoint must find them missing,
    /// replay them and write the customer before it marks the segment flushed; before, it found nothing to write, and
    /// the next retry of the outcome was recorded a second time.
    /// </summary>
    [Fact]
    public async Task A_checkpoint_replays_the_records_a_customers_state_lacks_before_marking_its_segment_flushed()
    {
        var id = "c-" + Guid.NewGuid().ToString("N");
        var customer = Customers.Get(id);
        Assert.Equal(AssignReason.Assigned, (await customer.AssignAsync("s-0", [Plan])).Single().Reason);
        await customer.PersistAsync("segment-under-test");

        // Node z journals an outcome of this customer that the customer's state here does not hold.
        var journalStore = await Azurite.SharedAsync();
        var nodeZ = new AzureTableEventJournal(
            new JournalOptions { ConnectionString = journalStore.ConnectionString, TableName = _journalTable, JournalId = "node-z" },
            TimeProvider.System, NullLogger<AzureTableEventJournal>.Instance);
        await using var disposeJournal = nodeZ;
        var outcome = Outcome(id, "tok-z", "key-z");
        var position = await nodeZ.AppendAsync(new JournalEntry(id, outcome.ToJson()));
        using var counts = new CountAggregator(Grains, NullLogger<CountAggregator>.Instance);
        var offers = new OfferJournal(nodeZ, counts);
        offers.Recorded(position, outcome, counted: false);
        Assert.False(await customer.PersistAsync(position.Segment, position.Sequence), "the state lacks the record, so it is not written as if it held it");

        // Closed first, as a checkpoint finds its segment.
        Assert.Equal(position.Segment, await nodeZ.RotateAsync(CancellationToken.None));
        var checkpointer = new JournalCheckpointer(nodeZ, offers, counts, Grains, Customers, NullLogger<JournalCheckpointer>.Instance);
        await checkpointer.FlushAsync(position.Segment);

        Assert.DoesNotContain(position.Segment, await nodeZ.ListUnflushedSegmentsAsync());
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var retry = new OutcomeCommand("burger-sides", 1, 0, "fries", "s-1", "tok-z", outcome.IssuedAt, OutcomeKind.Accept, 2.49, "key-z", "FRIES-M", TimeSpan.FromDays(1));
        Assert.Equal(OutcomeStatus.Duplicate, await customer.RecordOutcomeAsync(retry));
        Assert.True(await customer.PersistAsync(position.Segment, position.Sequence));
    }

    /// <summary>
    /// A customer whose state cannot be read (its store is gone) does not activate, and the caller learns it as a
    /// storage fault (<see cref="OrleansException"/>, which the API answers with 503 so storefronts retry), whatever the
    /// storage client threw.
    /// </summary>
    [Fact]
    public async Task A_customer_whose_state_cannot_be_read_fails_as_a_storage_fault()
    {
        var store = _customerStore!;
        _customerStore = null;
        await store.DisposeAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Customers.Get("c-" + Guid.NewGuid().ToString("N")).AssignAsync("s-1", [Plan]));

        Assert.IsAssignableFrom<OrleansException>(error);
    }

    private OfferEvent Outcome(string customer, string tokenId, string idempotencyKey) => new()
    {
        Type = OfferEventType.Outcome,
        Experiment = "burger-sides",
        Version = 1,
        Period = 0,
        Variant = "fries",
        Customer = customer,
        Session = "s-1",
        At = Time.GetUtcNow(),
        TokenId = tokenId,
        IssuedAt = Time.GetUtcNow(),
        Kind = OutcomeKind.Accept,
        Value = 2.49,
        IdempotencyKey = idempotencyKey,
        OfferSku = "FRIES-M",
        First = true,
        Expires = Time.GetUtcNow() + TimeSpan.FromDays(1),
    };

    /// <summary>Counts the batch transactions a table client sends.</summary>
    private sealed class BatchCounter(Action counted) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
            {
                counted();
            }
        }
    }
}
