using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Storage.AzureTable.Tests.Journal;

public sealed class LatencyHistogramTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 0)]
    [InlineData(1.0, 0)]
    [InlineData(2.0, 8)]
    [InlineData(1_000.0, 79)]
    [InlineData(1_024.0, 80)]
    [InlineData(1e12, LatencyHistogram.BucketCount - 1)]
    public void A_latency_falls_in_the_bucket_an_eighth_of_a_doubling_wide_that_holds_it(double microseconds, int bucket)
    {
        Assert.Equal(bucket, LatencyHistogram.BucketOf(microseconds));
        if (bucket < LatencyHistogram.BucketCount - 1)
        {
            Assert.True(microseconds < LatencyHistogram.UpperBoundMilliseconds(bucket) * 1000);
        }
    }

    [Fact]
    public void Quantiles_of_a_window_come_from_the_difference_of_two_readings_within_one_bucket_width()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 1_000; i++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(100));
        }

        var before = histogram.Read();
        // The window: 98 latencies of 1 ms, 2 of 40 ms.
        for (var i = 0; i < 98; i++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(1));
        }

        histogram.Record(TimeSpan.FromMilliseconds(40));
        histogram.Record(TimeSpan.FromMilliseconds(40));
        var after = histogram.Read();

        Assert.Equal(100, LatencyHistogram.Count(before, after));
        Assert.InRange(LatencyHistogram.QuantileMilliseconds(before, after, 0.5)!.Value, 1, 1.1);
        Assert.InRange(LatencyHistogram.QuantileMilliseconds(before, after, 0.98)!.Value, 1, 1.1);
        Assert.InRange(LatencyHistogram.QuantileMilliseconds(before, after, 0.99)!.Value, 40, 44);
        Assert.InRange(LatencyHistogram.QuantileMilliseconds(before, after, 1)!.Value, 40, 44);
        Assert.InRange(LatencyHistogram.QuantileMilliseconds([.. new long[LatencyHistogram.BucketCount]], after, 0.5)!.Value, 91, 110);
        Assert.Null(LatencyHistogram.QuantileMilliseconds(after, after, 0.5));
    }
}
