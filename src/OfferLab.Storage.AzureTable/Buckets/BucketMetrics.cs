using System.Diagnostics.Metrics;

namespace OfferLab.Storage.AzureTable.Buckets;

/// <summary>
/// Counters of the bucketed layout's group commit for operators (meter <c>OfferLab.Storage</c>, tagged with the
/// provider's name): records per transaction is how well a checkpoint's writes are batched, and storage's cost is per
/// transaction far more than per record.
/// </summary>
internal static class BucketMetrics
{
    private static readonly Meter Meter = new("OfferLab.Storage");

    private static readonly Counter<long> Transactions =
        Meter.CreateCounter<long>("offerlab.storage.batch_transactions", "{transaction}", "Batch transactions sent by bucketed grain storage.");

    private static readonly Counter<long> Records =
        Meter.CreateCounter<long>("offerlab.storage.batch_records", "{record}", "Records written or deleted by those transactions.");

    public static void Sent(string provider, int records)
    {
        var tag = new KeyValuePair<string, object?>("provider", provider);
        Transactions.Add(1, tag);
        Records.Add(records, tag);
    }
}
