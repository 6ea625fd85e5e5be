using System.Collections.Concurrent;
using Azure.Data.Tables;
using OfferLab.Storage.AzureTable.Entities;

namespace OfferLab.Storage.AzureTable.Buckets;

/// <summary>The bucketed layout's storage calls: an existence index and a group-committing writer per bucket.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore never allocates a wait handle (only WaitAsync is used), so it holds nothing to dispose; it lives as long as the provider.")]
internal sealed class BucketedRecords(TableClient table, int maxConcurrentTransactions, string provider)
{
    /// <summary>Batch transactions in flight across all buckets of this provider.</summary>
    private readonly SemaphoreSlim _transactions = new(maxConcurrentTransactions, maxConcurrentTransactions);
    private readonly ConcurrentDictionary<string, BucketIndex> _indexes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PartitionWriter> _writers = new(StringComparer.Ordinal);

    public ValueTask<bool> MayExistAsync(string partition, string row, CancellationToken cancellationToken) =>
        Index(partition).MayExistAsync(row, cancellationToken);

    /// <summary>Lists the bucket again at its next read (<see cref="BucketIndex.Reload"/>).</summary>
    public void Reload(string partition)
    {
        if (_indexes.TryGetValue(partition, out var index))
        {
            index.Reload();
        }
    }

    /// <summary>Learns of a record found by a read or reported by a conflict.</summary>
    public void Exists(string partition, string row) => Index(partition).Exists(row);

    /// <summary>Inserts (no ETag) or replaces the version with <paramref name="etag"/>; gives the new ETag.</summary>
    public async Task<string?> PutAsync(TableEntity entity, string? etag, CancellationToken cancellationToken)
    {
        var write = new RecordWrite(entity, etag, delete: false, StateEntity.SizeOf(entity));
        try
        {
            var stored = await Writer(entity.PartitionKey).WriteAsync(write).WaitAsync(cancellationToken).ConfigureAwait(false);
            Index(entity.PartitionKey).Exists(entity.RowKey);
            return stored;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            // An insert found a record this provider did not know of: the next read must look for it.
            Index(entity.PartitionKey).Exists(entity.RowKey);
            throw;
        }
    }

    /// <summary>Deletes the version with <paramref name="etag"/>.</summary>
    public async Task DeleteAsync(string partition, string row, string etag, CancellationToken cancellationToken)
    {
        var write = new RecordWrite(new TableEntity(partition, row), etag, delete: true, 1024);
        await Writer(partition).WriteAsync(write).WaitAsync(cancellationToken).ConfigureAwait(false);
        Index(partition).Deleted(row);
    }

    private BucketIndex Index(string partition) => _indexes.GetOrAdd(partition, p => new BucketIndex(table, p));

    private PartitionWriter Writer(string partition) => _writers.GetOrAdd(partition, _ => new PartitionWriter(table, _transactions, provider));
}
