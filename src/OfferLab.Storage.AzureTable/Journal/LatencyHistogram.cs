namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>
/// Cumulative latency counts in buckets an eighth of a doubling wide (about 9 %), from 1 µs to over two minutes: cheap
/// enough to record every append (one increment), and two readings subtract to give a window's distribution, which is
/// how the load benchmark reads the journal's share of a phase's latency (<c>GET /v1/admin/runtime</c>).
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Buckets per doubling of the latency.</summary>
    public const int BucketsPerDoubling = 8;

    /// <summary>Buckets in all: the last one (from 2^27 µs, about 134 s) takes everything longer.</summary>
    public const int BucketCount = 27 * BucketsPerDoubling;

    private readonly long[] _counts = new long[BucketCount];

    public void Record(TimeSpan elapsed) => Interlocked.Increment(ref _counts[BucketOf(elapsed.Ticks / (double)TimeSpan.TicksPerMicrosecond)]);

    /// <summary>The counts so far, bucket by bucket.</summary>
    public long[] Read()
    {
        var counts = new long[BucketCount];
        for (var i = 0; i < BucketCount; i++)
        {
            counts[i] = Volatile.Read(ref _counts[i]);
        }

        return counts;
    }

    /// <summary>The bucket of a latency: bucket <c>b</c> holds latencies below 2^((b + 1) / 8) µs (bucket 0 everything under 1.09 µs).</summary>
    public static int BucketOf(double microseconds) =>
        microseconds < 1 ? 0 : Math.Min(BucketCount - 1, (int)(Math.Log2(microseconds) * BucketsPerDoubling));

    /// <summary>The upper bound of a bucket, in milliseconds.</summary>
    public static double UpperBoundMilliseconds(int bucket) => Math.Pow(2, (bucket + 1) / (double)BucketsPerDoubling) / 1000;

    /// <summary>
    /// The quantile <paramref name="q"/> (0 to 1) of the latencies counted between two readings, as the upper bound of
    /// the bucket it falls in (so at most 9 % above the true value); null when nothing was counted between them.
    /// </summary>
    public static double? QuantileMilliseconds(IReadOnlyList<long> before, IReadOnlyList<long> after, double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        if (before.Count != after.Count)
        {
            throw new ArgumentException("The readings have different bucket counts.", nameof(after));
        }

        var total = Count(before, after);
        if (total <= 0)
        {
            return null;
        }

        // The smallest bucket whose cumulative count reaches the rank q * total (at least the first latency).
        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (var i = 0; i < after.Count; i++)
        {
            seen += after[i] - before[i];
            if (seen >= rank)
            {
                return UpperBoundMilliseconds(i);
            }
        }

        return UpperBoundMilliseconds(after.Count - 1);
    }

    /// <summary>How many latencies were counted between two readings.</summary>
    public static long Count(IReadOnlyList<long> before, IReadOnlyList<long> after)
    {
        long total = 0;
        for (var i = 0; i < Math.Min(before.Count, after.Count); i++)
        {
            total += after[i] - before[i];
        }

        return total;
    }
}
