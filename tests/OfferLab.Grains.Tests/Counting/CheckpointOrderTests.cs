using OfferLab.Grains.Counting;
using OfferLab.Grains.Customers;

namespace OfferLab.Grains.Tests.Counting;

/// <summary>The checkpoint writes its customers bucket by bucket, so writes of one bucket fill batch transactions.</summary>
public sealed class CheckpointOrderTests
{
    [Fact]
    public void Every_customer_comes_once_and_the_customers_of_each_bucket_come_together_in_bucket_order()
    {
        const int Buckets = 128;
        var ids = Enumerable.Range(0, 5_000).Select(i => $"customer-{i}").Append("a/b#c?d%\u0001").ToList();
        // Any stable spread of ids over buckets will do here (the storage's own hash is internal to it).
        static int BucketOf(string id) => CustomerShards.ShardOf(id) % Buckets;

        var ordered = JournalCheckpointer.ByBucket(ids, BucketOf, Buckets).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), ordered.Order(StringComparer.Ordinal));
        var buckets = ordered.Select(BucketOf).ToList();
        Assert.Equal(buckets.Order(), buckets);
        Assert.True(buckets.Distinct().Count() > Buckets / 2, "the ids should spread over the buckets");
    }

    [Fact]
    public void No_customers_give_an_empty_order()
    {
        Assert.Empty(JournalCheckpointer.ByBucket([], _ => throw new InvalidOperationException("not called"), 16));
    }
}
