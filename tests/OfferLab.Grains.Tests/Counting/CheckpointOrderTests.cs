using OfferLab.Grains.Counting;
using OfferLab.Grains.Customers;

namespace OfferLab.Grains.Tests.Counting;

/// <summary>
/// The checkpoint writes its customers shard by shard, a chunk per grain call: with shards following the storage
/// buckets, each chunk's writes fill a bucket's batch transaction.
/// </summary>
public sealed class CheckpointOrderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    public void Every_customer_comes_once_in_chunks_of_one_shard_in_shard_order(int buckets)
    {
        var ids = Enumerable.Range(0, 60_000).Select(i => $"customer-{i}").Append("a/b#c?d%\u0001").ToList();
        int ShardOf(string id) => CustomerShards.ShardOf(id, buckets);

        var chunks = JournalCheckpointer.Chunks(ids.Select((id, i) => KeyValuePair.Create(id, (long)i)), ShardOf).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), chunks.SelectMany(c => c.Customers).Order(StringComparer.Ordinal));
        Assert.All(chunks, chunk => Assert.All(chunk.Customers, id => Assert.Equal(chunk.Shard, ShardOf(id))));
        Assert.All(chunks, chunk => Assert.InRange(chunk.Customers.Length, 1, JournalCheckpointer.CheckpointChunk));
        Assert.All(chunks, chunk => Assert.Equal(chunk.Customers.Select(id => (long)ids.IndexOf(id)), chunk.LastSequences));
        var shards = chunks.Select(c => c.Shard).ToList();
        Assert.Equal(shards.Order(), shards);

        // ~234 customers a shard: two full chunks and the rest, never a split before a chunk is full.
        Assert.All(chunks.GroupBy(c => c.Shard), shard => Assert.All(shard.SkipLast(1), chunk => Assert.Equal(JournalCheckpointer.CheckpointChunk, chunk.Customers.Length)));
        Assert.Equal(CustomerShards.ShardCount, shards.Distinct().Count());
    }

    [Fact]
    public void No_customers_give_no_chunks()
    {
        Assert.Empty(JournalCheckpointer.Chunks([], _ => throw new InvalidOperationException("not called")));
    }
}
