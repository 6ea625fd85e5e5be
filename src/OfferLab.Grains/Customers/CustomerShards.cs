using System.Collections.Immutable;
using OfferLab.Abstractions.Assignment;
using OfferLab.Storage.AzureTable;

namespace OfferLab.Grains.Customers;

/// <summary>
/// Finds a customer: the shard grain that holds it (<see cref="ShardOf(string)"/>) and the customer id within it. The
/// shard references are built once; <c>IGrainFactory.GetGrain</c> resolves the interface's grain type anew on every
/// call, formatting its type name to do so (2.9 % of the server's CPU on repeat assigns by a thread-time profile).
/// </summary>
/// <param name="grains">Where the shard grains are.</param>
/// <param name="storageBuckets">
/// The buckets of the customer storage (<see cref="AzureTableStorageOptions.Buckets"/>), 0 when it is not bucketed.
/// With buckets, every customer of a shard lives in one storage bucket, so a shard's checkpoint writes fill that
/// bucket's batch transactions.
/// </param>
public sealed class CustomerShards(IGrainFactory grains, int storageBuckets = 0)
{
    /// <summary>
    /// Shards of customers. Each is one activation holding its customers' state; requests of different customers in a
    /// shard interleave, so a few hundred keep both cores busy while their fixed cost (about 2.3 KB each) stays
    /// negligible. The number only spreads customers: their stored state is keyed by customer id, not by shard, so it
    /// (and the way customers are spread, <see cref="ShardOf(string, int)"/>) may change between runs.
    /// </summary>
    public const int ShardCount = 256;

    private readonly ICustomerShardGrain?[] _shards = new ICustomerShardGrain?[ShardCount];

    /// <summary>The buckets of the customer storage this placement follows; 0 for none.</summary>
    public int StorageBuckets { get; } = storageBuckets >= 0 ? storageBuckets : throw new ArgumentOutOfRangeException(nameof(storageBuckets));

    /// <summary>The customer <paramref name="customerId"/>.</summary>
    public Customer Get(string customerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        return new Customer(Shard(ShardOf(customerId)), customerId);
    }

    /// <summary>The shard grain numbered <paramref name="shard"/> (0 to <see cref="ShardCount"/> - 1).</summary>
    public ICustomerShardGrain Shard(int shard) => _shards[shard] ??= grains.GetGrain<ICustomerShardGrain>(shard);

    /// <summary>The shard of a customer in this placement.</summary>
    public int ShardOf(string customerId) => ShardOf(customerId, StorageBuckets);

    /// <summary>
    /// The shard of a customer, the same on every run, machine and silo. Without storage buckets, a hash of the id
    /// (<see cref="Spread"/>) modulo <see cref="ShardCount"/>. With them, the shard follows the customer's storage
    /// bucket: with fewer buckets than shards each bucket has <see cref="ShardCount"/> / buckets shards of its own (the
    /// hash's high bits pick among them; shards past the last bucket's stay empty), with more each shard holds buckets
    /// <c>shard</c>, <c>shard + ShardCount</c>, and so on.
    /// </summary>
    public static int ShardOf(string customerId, int storageBuckets)
    {
        if (storageBuckets <= 0)
        {
            return (int)(Spread(customerId) % ShardCount);
        }

        var bucket = StorageBucket(customerId, storageBuckets);
        if (storageBuckets >= ShardCount)
        {
            return bucket % ShardCount;
        }

        // The pick among a bucket's shards takes the hash's high bits: FNV-1a's low bits are a linear function of the
        // input's, the same as the bucket hash's (the lowest bit is the parity of the characters' lowest bits in both),
        // so a modulo would have used half the shards.
        var perBucket = ShardCount / storageBuckets;
        return (bucket * perBucket) + (int)(((ulong)Spread(customerId) * (uint)perBucket) >> 32);
    }

    /// <summary>
    /// The storage buckets only <paramref name="shard"/>'s customers live in: with at least one bucket per shard, buckets
    /// <c>shard</c>, <c>shard + ShardCount</c>, and so on (the mapping <see cref="ShardOf(string, int)"/> follows); with
    /// fewer, none, since two shards share each bucket.
    /// </summary>
    public static IEnumerable<int> BucketsOwnedBy(int shard, int storageBuckets)
    {
        for (var bucket = storageBuckets >= ShardCount ? shard : storageBuckets; bucket < storageBuckets; bucket += ShardCount)
        {
            yield return bucket;
        }
    }

    /// <summary>
    /// The customer's storage bucket, as the storage computes it from the customer's grain id, without building that
    /// id and its text on every request: the text is <see cref="StorageIdPrefix"/> and the customer id, except for an
    /// id with a surrogate code unit (the grain id holds the id as UTF-8, and a lone surrogate comes back from it
    /// replaced), which takes the grain id's way.
    /// </summary>
    private static int StorageBucket(string customerId, int storageBuckets) =>
        customerId.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0
            ? AzureTableGrainStorage.BucketOf(StorageIdPrefix, customerId, storageBuckets)
            : AzureTableGrainStorage.BucketOf(CustomerShardGrain.StorageId(customerId), storageBuckets);

    /// <summary>The text of a customer's storage grain id before the customer id (<c>customer/</c>), taken from a grain id.</summary>
    private static readonly string StorageIdPrefix = CustomerShardGrain.StorageId("-").ToString()[..^1];

    /// <summary>
    /// FNV-1a over the id's UTF-16 code units, so the same on every run, machine and silo
    /// (<see cref="string.GetHashCode()"/> is randomized per process).
    /// </summary>
    private static uint Spread(string customerId)
    {
        var hash = 2166136261u;
        foreach (var c in customerId)
        {
            hash = (hash ^ (c & 0xFFu)) * 16777619u;
            hash = (hash ^ ((uint)c >> 8)) * 16777619u;
        }

        return hash;
    }
}

/// <summary>One customer: its shard and its id, with the shard's calls for it.</summary>
public readonly record struct Customer(ICustomerShardGrain Shard, string Id)
{
    /// <inheritdoc cref="ICustomerShardGrain.AssignAsync"/>
    public Task<ImmutableArray<AssignDecision>> AssignAsync(string sessionId, ImmutableArray<AssignPlan> plans) =>
        Shard.AssignAsync(Id, sessionId, plans);

    /// <inheritdoc cref="ICustomerShardGrain.RecordOutcomeAsync"/>
    public Task<OutcomeStatus> RecordOutcomeAsync(OutcomeCommand outcome) => Shard.RecordOutcomeAsync(Id, outcome);

    /// <summary>Writes the customer's state now (<see cref="ICustomerShardGrain.PersistAsync"/> of this customer alone).</summary>
    public Task PersistAsync(string flushedSegment) => Shard.PersistAsync([Id], [-1], flushedSegment);

    /// <summary>
    /// Writes the customer's state if it holds its records in <paramref name="flushedSegment"/> through
    /// <paramref name="lastSequence"/>; false (nothing written) if it does not.
    /// </summary>
    public async Task<bool> PersistAsync(string flushedSegment, long lastSequence) =>
        (await Shard.PersistAsync([Id], [lastSequence], flushedSegment)).IsEmpty;

    /// <inheritdoc cref="ICustomerShardGrain.ReplayAsync"/>
    public Task<bool> ReplayAsync(string segment, long sequence, string payload) => Shard.ReplayAsync(Id, segment, sequence, payload);
}
