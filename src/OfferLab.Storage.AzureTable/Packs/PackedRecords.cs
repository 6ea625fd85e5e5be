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
    private readonly TableClient _table = table;
    private readonly string _provider = provider;

    public Task<PackRead> ReadAsync(string partition, string row, CancellationToken cancellationToken) =>
        Bucket(partition).ReadAsync(row, cancellationToken);

    public Task<string?> WriteAsync(string partition, PackWrite write, CancellationToken cancellationToken) =>
        Bucket(partition).WriteAsync(write).WaitAsync(cancellationToken);

    /// <summary>Lists the bucket again at its next use (<see cref="PackedBucket.Reload"/>).</summary>
    public void Reload(string partition)
    {
        if (_buckets.TryGetValue(partition, out var bucket))
        {
            bucket.Reload();
        }
    }

    // Looked up first: the factory takes the provider as its argument, so no delegate is made per read or write (one
    // capturing this was, about 40 bytes a call).
    private PackedBucket Bucket(string partition) =>
        _buckets.TryGetValue(partition, out var bucket)
            ? bucket
            : _buckets.GetOrAdd(partition, static (p, self) => new PackedBucket(self._table, p, self._transactions, self._cache, self._provider), this);
}
