using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace OfferLab.Storage.AzureTable.Packs;

/// <summary>The packed layout's buckets, sharing a bound on transactions in flight and a cache of read packs.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore never allocates a wait handle (only WaitAsync is used), so it holds nothing to dispose; it lives as long as the provider.")]
internal sealed class PackedRecords(TableClient table, int maxConcurrentTransactions, long cacheBytes, string provider)
{
    private readonly SemaphoreSlim _transactions = new(maxConcurrentTransactions, maxConcurrentTransactions);
    private readonly PackCache _cache = new(cacheBytes);
    private readonly ConcurrentDictionary<string, PackedBucket> _buckets = new(StringComparer.Ordinal);

    public Task<PackRead> ReadAsync(string partition, string row, CancellationToken cancellationToken) =>
        Bucket(partition).ReadAsync(row, cancellationToken);

    public Task<string?> WriteAsync(string partition, PackWrite write, CancellationToken cancellationToken) =>
        Bucket(partition).WriteAsync(write).WaitAsync(cancellationToken);

    private PackedBucket Bucket(string partition) =>
        _buckets.GetOrAdd(partition, p => new PackedBucket(table, p, _transactions, _cache, provider));
}
