using Azure.Data.Tables;

namespace OfferLab.Storage.AzureTable.Buckets;

/// <summary>
/// Which records of one bucket exist in the table, so a read of a record that does not exist (a new customer) costs
/// no storage call. Loaded once, on first use, by listing the bucket's row keys; kept current by this provider's own
/// writes. It may say "exists" wrongly (a deleted record read during loading: one needless read) but never "absent"
/// for a record this provider wrote; a record inserted by another writer is learned from the conflict it causes.
/// </summary>
internal sealed class BucketIndex(TableClient table, string partition)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _rows = new(StringComparer.Ordinal);
    private Task? _loading;

    /// <summary>Whether the record may exist: true unless the index is loaded and does not hold it.</summary>
    public async ValueTask<bool> MayExistAsync(string row, CancellationToken cancellationToken)
    {
        Task loading;
        lock (_gate)
        {
            if (_loading is null || _loading.IsFaulted || _loading.IsCanceled)
            {
                // Shared by every reader of the bucket, so no single reader's token may cancel it.
                _loading = LoadAsync();
            }

            loading = _loading;
        }

        try
        {
            await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Without an index the record may exist: the caller reads it (and the next caller retries the load).
            return true;
        }

        lock (_gate)
        {
            return _rows.Contains(row);
        }
    }

    /// <summary>
    /// Lists the bucket again at its next use (what is known stays, and the listing adds what another writer inserted
    /// meanwhile), for a caller that takes over the bucket's grains from another node.
    /// </summary>
    public void Reload()
    {
        lock (_gate)
        {
            if (_loading is { IsCompleted: true })
            {
                _loading = null;
            }
        }
    }

    public void Exists(string row)
    {
        lock (_gate)
        {
            _rows.Add(row);
        }
    }

    public void Deleted(string row)
    {
        lock (_gate)
        {
            _rows.Remove(row);
        }
    }

    private async Task LoadAsync()
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"]).ConfigureAwait(false))
        {
            Exists(entity.RowKey);
        }
    }
}
